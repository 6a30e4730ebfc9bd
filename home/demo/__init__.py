"""Demo content for `manage.py seed_demo`.

The facts (organisations, dates, numbers, lists) come from the published engagement
strategies of Tameside and Glossop, Stockport and Tower Hamlets; the wording is ours.
No individual officer is named: contacts are roles and addresses on example domains.
"""
