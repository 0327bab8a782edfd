"""KA Webb Desktop: the municipalities' desktop client for KA Webb (utbildningskontrakt)."""

__version__ = "0.1.0"
APP_NAME = "KA Webb Desktop"
