"""The application: run the packaged workflow from any folder, show its progress, summarise its results."""
