"""The plugin contract and host: hook specifications, loading plugins, the Scorer base class and its results."""
