"""Icons, the Qt style sheet and translations; installed as ``kawebb_desktop.resources``."""
