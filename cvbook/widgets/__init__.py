"""Interactive widgets: pure computing functions plus thin ipywidgets wrappers."""
