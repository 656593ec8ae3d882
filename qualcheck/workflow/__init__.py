"""The editor's workflow around the checks: what an editor's files add to a run.

* ``policy``: the severity policy and options of ``qualcheck.toml``, accepted findings
  (baselines), unique finding ids;
* ``glossary``: reference terms and the form the candidate must use (the glossary check);
* ``rules``: house rules, forbidden or required patterns (the house-rules check).

See docs/workflow.md.
"""
