"""Fictional documents for the mention tests. Every person, number and case here is invented."""

POLICE_REPORT = """LOS ANGELES POLICE DEPARTMENT
INVESTIGATOR'S FINAL REPORT                         DR# 00-1234567
Date of occurrence: 06/12/2000   Reporting District 1823
Investigating officers: Det. Maria Alvarez #4471, Detective Sgt. John P. O'Neill (Badge 2231)

On June 12, 2000 at approx. 2215 hours, Officer D. Kim, Serial No. 39411, LAPD, responded to
a shots-fired call. Officer Safety: suspect believed armed. Victim Luis Ortega was transported.
Witness Tamara Lee stated she saw a male run north. The Detective Bureau was notified.
A gunshot residue kit was collected from the suspect's hands. Latent prints were lifted
from the vehicle door. Incident # 2000-0455 was cross-referenced.
Det. Alvarez interviewed Sgt. Frank McDonald-Reyes at Southwest Station on 6/13/00.
"""

TRANSCRIPT = """SUPERIOR COURT OF THE STATE OF CALIFORNIA
FOR THE COUNTY OF LOS ANGELES
THE PEOPLE OF THE STATE OF CALIFORNIA,       )   Case No. BA123456
HON. CARLA RUIZ, JUDGE                       )
REPORTER'S TRANSCRIPT OF PROCEEDINGS  -  Tuesday, 12 Mar 2001

APPEARANCES: Deputy District Attorney Ellen Park for the People;
Deputy Public Defender Samuel Okafor for the defendant.

        Q.  Detective, did you show the witness a six-pack?
        A.  Yes. I showed it to her on June 14, 2000.
        Q.  And she picked out Number 3?
        THE WITNESS: Yes, sir.
        MS. PARK: Nothing further.
        THE COURT: We'll take the noon recess. Counsel, see me in Judge's chambers.
DDA Park then called Criminalist Raymond Choi, who testified about the serology results.
"""

LAB_REPORT = """LOS ANGELES COUNTY SHERIFF'S DEPARTMENT SCIENTIFIC SERVICES BUREAU
Laboratory Number: 01-L-0099   Lab No. 2001-04417
Requesting agency: LAPD, Det. M. Alvarez
Analyst: Senior Criminalist Priya Natarajan
Item 4 (head hairs) was subjected to microscopic hair comparison; the questioned hairs were
microscopically similar to the known hairs of the suspect. ABO blood typing of item 7 showed
type O. Bullet lead analysis was not requested. Report date: 12-Jun-2001.
"""

OPINION = """Filed 6/12/03
IN THE COURT OF APPEAL OF THE STATE OF CALIFORNIA
SECOND APPELLATE DISTRICT
THE PEOPLE, Plaintiff and Respondent, v. DARNELL WASHINGTON, Defendant and Appellant.
No. B154321 (Los Angeles County Super. Ct. No. BA123456)

Defendant contends the trial court erred in admitting bite mark testimony. (See People v.
Kelly (1976) 17 Cal.3d 24, 30; Brady v. Maryland, 373 U.S. 83, 87 (1963).) Under Penal Code
section 1485.55 and Cal. Penal Code § 1473.6, a petitioner may seek relief. (See also PC § 4900.)
The habeas petition in 2:05-cv-01234-ABC was stayed. The Honorable Judge Carla Ruiz presided.
Judge Ruiz instructed the jury on February 30, 2001? No: on 2/28/2001.
"""
