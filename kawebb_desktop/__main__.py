"""``python -m kawebb_desktop`` runs the same entry point as the ``kawebb`` script."""

from kawebb_desktop.cli import main

raise SystemExit(main())
