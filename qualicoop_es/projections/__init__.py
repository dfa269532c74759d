"""Read models: rebuildable SQLAlchemy projections of the event log, and the read API over them."""
