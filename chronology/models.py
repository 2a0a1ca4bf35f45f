"""The chronology keeps no records of its own: it gathers what each stage registers (chronology.providers), and its
protected exports are core.models.ProtectedExport."""
