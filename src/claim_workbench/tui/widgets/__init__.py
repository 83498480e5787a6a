"""Feature widgets of the workbench app, and the pure text rendering they share."""
