"""Rule files: loading, extends and merging, validation against typed options, the model, display and schema."""
