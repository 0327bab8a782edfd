"""Offline data entry (issue 11): a replica of what the user works with, an outbox of
the commands made on this workstation, and the sync that pushes them to the server and
pulls the server's changes. ``backend.build_offline_services`` is the service API over
them; the UI never imports anything else from here."""
