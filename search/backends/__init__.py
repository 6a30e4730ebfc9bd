"""Search backends behind search.services: the database one by default, Elasticsearch
(through elasticsearch-dsl) when ELASTICSEARCH_URL is set."""
