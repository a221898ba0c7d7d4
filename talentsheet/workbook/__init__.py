"""The recruiter's workbook as a package: reading it, inspecting it, editing it without loss."""
