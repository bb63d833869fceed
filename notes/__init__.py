"""Session notes (DAP or SOAP), signed and locked, with addenda."""
