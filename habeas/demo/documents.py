"""Fictional documents for the demo's featured case: a police report, a lineup report, a lab report,
a transcript excerpt, a recantation declaration (as a PDF) and a scanned note (an image, read by OCR).
Every person named here is invented."""

from __future__ import annotations

import io

from habeas.cases.models import Case
from habeas.demo.writer import DemoWriter
from habeas.documents.models import DocumentStatus
from habeas.documents.services.ingest import document_process, documents_ingest
from habeas.domain.extract import ocr_available

SUPPLEMENTARY = """LOS ANGELES COUNTY SHERIFF'S DEPARTMENT - HOMICIDE BUREAU
SUPPLEMENTARY REPORT   File No. 000-31217-2412-011   Date: January 19, 2001
Investigating officer: Detective Raymond Kessler #14237, partner Detective Lowell Brannigan #11904.

On January 18, 2001, Det. Kessler showed witness Maribel Quintero a six-pack photographic lineup. The suspect
Adrian Solano was the only one with a shaved head. Quintero viewed the array for approximately
four minutes and selected photograph #4, stating "I'm not sure, but he looked like the guy."
The lineup was not conducted blind: Det. Kessler, who knew the suspect's position, administered it.
Witness Dwayne Hollis viewed the same array and also selected #4 after the detective told him another
witness had already picked someone.

A black knit cap dropped by the shooter was recovered at the scene and booked into evidence (Item 7).
Hairs and sweat stains
on the cap were never submitted for DNA testing. No fingerprints of value were recovered from the vehicle.
"""

LAB = """LOS ANGELES COUNTY SHERIFF'S DEPARTMENT SCIENTIFIC SERVICES BUREAU
Laboratory Number: 01-00412   Report date: February 2, 2001   Criminalist Harold Fordyce

Gunshot residue kit from the hands of Adrian Solano: one particle characteristic of gunshot residue was
identified on the right-hand sample. Conclusion: the subject may have discharged a firearm, handled a
firearm, or been in the vicinity of a discharged firearm.
Item 7 (knit cap): received; examined visually; hairs observed. The hairs were not analyzed for DNA.
"""

TRANSCRIPT = """REPORTER'S TRANSCRIPT ON APPEAL   People v. Adrian Solano   Case No. NA048217   Volume 3

DIRECT EXAMINATION OF LORENA PAZ
Q. How long did you see the shooter's face?
A. A couple of seconds. It was dark, there was only the light from the liquor store sign.
Q. Is the man you saw in the courtroom today?
A. Yes, that's him. I'm sure now.

TESTIMONY OF CRIMINALIST HAROLD FORDYCE
Q. Does the particle you found mean the defendant fired a gun?
A. It is consistent with him having fired a weapon. In my opinion he fired the gun.
"""

DECLARATION = """DECLARATION OF LORENA PAZ

I, Maribel Quintero, declare:
1. I testified at the trial of Adrian Solano in June 2001.
2. I am no longer sure that Adrian Solano is the man I saw on December 31, 2000. I only saw the shooter
   for a couple of seconds in the dark.
3. When I looked at the photographs, the detective tapped photograph number 4 and said "take your time,
   look at this one." I recant my identification.
I declare under penalty of perjury under the laws of the State of California that the foregoing is true
and correct. Executed on March 2, 2020, at Long Beach, California.
"""

NOTE = "Phone tip 1/3/2001: caller says the shooter was Victor Almanza, goes by Chino. Not followed up."


def _pdf(text: str) -> bytes:
    import weasyprint

    pdf: bytes = weasyprint.HTML(string=f"<pre style='font-size: 11pt'>{text}</pre>").write_pdf()
    return pdf


def _scan(text: str) -> bytes:
    """A page image like a fax of a handwritten tip sheet (fictional), for the OCR path."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (2400, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=48)
    for i, chunk in enumerate((text[:48], text[48:])):
        draw.text((80, 120 + i * 110), chunk, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_documents_add(w: DemoWriter, case: Case, actor: str) -> None:
    files = [
        ("LASD supplementary report 2001-01-19.txt", SUPPLEMENTARY.encode()),
        ("Crime lab report 01-00412.txt", LAB.encode()),
        ("Trial transcript vol 3 (excerpt).txt", TRANSCRIPT.encode()),
        ("Declaration of Maribel Quintero 2020.pdf", _pdf(DECLARATION)),
    ]
    if ocr_available():
        files.append(("Tip sheet 2001-01-03 (scan).png", _scan(NOTE)))
    results = documents_ingest(
        actor=w.user(actor), case_ref=case.ref, files=[(n, io.BytesIO(d)) for n, d in files]
    )
    # Process now (not on the worker) so the demo opens with flags, suggestions and a search index.
    for result in results:
        if result.document is not None and result.document.status == DocumentStatus.QUEUED:
            document_process(result.document.pk)
