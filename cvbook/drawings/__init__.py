"""Figure drawers: one module per chapter (``qNN_<topic>.py``), each exposing ``FIGURES``."""
