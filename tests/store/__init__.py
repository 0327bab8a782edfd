"""The store's contract suite (run on every backend) and the SQL backend's own tests."""
