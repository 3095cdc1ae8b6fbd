"""The web face: a Django project that holds aggregates only (it imports bundles and never sees a person)."""
