"""Delete/insert whole rows in LibreOffice and save as .xlsx: an independent oracle for
talentsheet.workbook.shift. Run with the system python3 that has the ``uno`` module:

    python3 tests/shift_lo_oracle.py IN.xlsx OUT.xlsx SHEET OPS_JSON

OPS_JSON is a list of ["delete", first_row, count] / ["insert", before_row, count] (1-based
rows), applied in order, as a user deleting or inserting whole rows would.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid


def main() -> None:
    src, dst, sheet_name, ops = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException

    pipe = "shiftoracle" + uuid.uuid4().hex[:8]
    profile = tempfile.mkdtemp(prefix="lo-shift-")
    proc = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:  # until soffice listens
                time.sleep(0.1)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

        def prop(name, value):
            p = PropertyValue()
            p.Name, p.Value = name, value
            return p

        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),))
        sheet = doc.Sheets.getByName(sheet_name)
        for op, row, count in ops:
            if op == "delete":
                sheet.Rows.removeByIndex(row - 1, count)
            else:
                sheet.Rows.insertByIndex(row - 1, count)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
    finally:
        proc.terminate()
        proc.wait(30)
        subprocess.run(["rm", "-rf", profile], check=False)


if __name__ == "__main__":
    main()
