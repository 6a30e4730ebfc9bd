"""An Elasticsearch client whose transport records requests instead of sending them,
answering with canned bodies, so the indexer and backend are tested without a server."""

import json

from elastic_transport import (
    ApiResponseMeta,
    HttpHeaders,
    NodeConfig,
    Transport,
    TransportApiResponse,
)
from elasticsearch import Elasticsearch


class RecordingTransport(Transport):
    responses = {}  # (method, path) -> body; set per test through recording_client()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = []

    def perform_request(self, method, target, *, body=None, headers=None, **kwargs):
        path = target.split("?")[0]
        self.requests.append({"method": method, "path": path, "body": body})
        status, payload = self._answer(method, path, body)
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders(
                {"x-elastic-product": "Elasticsearch", "content-type": "application/json"}
            ),
            duration=0.0,
            node=NodeConfig("http", "recording.invalid", 9200),
        )
        return TransportApiResponse(meta, payload)

    def _answer(self, method, path, body):
        if path.endswith("/_bulk") or path == "/_bulk":
            raw_lines = body if isinstance(body, list) else bytes(body).splitlines()
            lines = [
                json.loads(line) if isinstance(line, bytes | str) else line
                for line in raw_lines
                if line
            ]
            operations = [line for line in lines if "index" in line]
            items = [{"index": {"_id": op["index"].get("_id"), "status": 201}} for op in operations]
            return 200, {"errors": False, "took": 1, "items": items}
        for (wanted_method, wanted_path), answer in self.responses.items():
            if wanted_method == method and (
                wanted_path == path or path.startswith(wanted_path.rstrip("*"))
            ):
                return answer
        if method == "HEAD":
            return 404, {}
        return 200, {"acknowledged": True, "result": "created"}


def recording_client(responses=None):
    RecordingTransport.responses = responses or {}
    return Elasticsearch("http://recording.invalid:9200", transport_class=RecordingTransport)


def requests_of(client):
    return client.transport.requests
