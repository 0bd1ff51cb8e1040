"""The template exchange format ("med-workbench-template/1"): the standard
template ships in it (`standard/sammen-om-ny-teknologi.json`), and
municipalities share their own templates in it. docs/template-format.md
describes the format; `template-format.schema.json` here is its JSON Schema,
the one description the app validates against.

- `schema.py` – the schema, loaded once, and its validator.
- `keys.py` – the key formats (from the schema) as the model fields' validators.
- `messages.py` – schema errors in Danish, with where they are.
- `validation.py` – `validate_document`: the schema, then the rules a schema
  cannot say (unique keys, the number of questions, storable texts).
- `upload.py` – `read_upload` / `parse_upload`: a file to `(document, errors)`.
- `exchange.py` – `build_version`, `export_version`, `import_document` and
  the shipped standard template.
"""

from .exchange import (
    STANDARD_TEMPLATE_PATH,
    build_version,
    export_version,
    import_document,
    read_standard_template,
)
from .schema import FORMAT, SCHEMA, SCHEMA_PATH
from .upload import MAX_UPLOAD_BYTES, parse_upload, read_upload
from .validation import MAX_QUESTIONS, InvalidTemplate, TemplateFormatError, validate_document

__all__ = [
    "FORMAT",
    "MAX_QUESTIONS",
    "MAX_UPLOAD_BYTES",
    "SCHEMA",
    "SCHEMA_PATH",
    "STANDARD_TEMPLATE_PATH",
    "InvalidTemplate",
    "TemplateFormatError",
    "build_version",
    "export_version",
    "import_document",
    "parse_upload",
    "read_standard_template",
    "read_upload",
    "validate_document",
]
