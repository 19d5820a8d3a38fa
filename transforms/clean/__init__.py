"""The cleaning stage: raw bytes to one :class:`~transforms.document.Document` per post."""
