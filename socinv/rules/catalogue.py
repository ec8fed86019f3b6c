"""The rule catalogue: every finding code, once, with its texts in Swedish and English.

Messages, JSON output and ``docs/rules.md`` all come from here. Codes are stable:
other tools and tests depend on them. A message is a ``str.format`` template
over the finding's parameters (``field`` is always available).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Rule:
    """A finding code's catalogue entry: severity, title, message, explanation."""

    severity: Literal["error", "warning"]
    title: dict[str, str]
    message: dict[str, str]
    explanation: dict[str, str]


def _rule(severity: Literal["error", "warning"], title: tuple[str, str],
          message: tuple[str, str], explanation: tuple[str, str]) -> Rule:
    return Rule(
        severity,
        {"sv": title[0], "en": title[1]},
        {"sv": message[0], "en": message[1]},
        {"sv": explanation[0], "en": explanation[1]},
    )


E: Literal["error"] = "error"
W: Literal["warning"] = "warning"

RULES: dict[str, Rule] = {
    # --- reading: the file could not be read as a document (exit 2) ---
    "file-missing": _rule(E,
        ("Filen saknas", "File missing"),
        ("Filen finns inte. Kontrollera sökvägen.",
         "The file does not exist. Check the path."),
        ("socinv hittar inte filen som anges.", "socinv cannot find the named file.")),
    "not-a-file": _rule(E,
        ("Inte en fil", "Not a file"),
        ("Detta är en mapp, inte en fil. Ange dokumentfilen, t.ex. {example}.",
         "This is a directory, not a file. Name the document file, e.g. {example}."),
        ("Ett dokument förväntades men sökvägen pekar på en mapp.",
         "A document was expected but the path is a directory.")),
    "file-too-large": _rule(E,
        ("Filen är för stor", "File too large"),
        ("Filen är {size} byte; gränsen är {limit} byte. Ett dokument i fonden är "
         "normalt under 100 kB — kontrollera att det är rätt fil.",
         "The file is {size} bytes; the limit is {limit} bytes. A fund document is "
         "normally under 100 kB — check that this is the right file."),
        ("Stora filer läses inte, så att en felaktig fil inte kan låsa datorn.",
         "Large files are refused so that a wrong file cannot hang the computer.")),
    "file-unreadable": _rule(E,
        ("Filen kan inte läsas", "File cannot be read"),
        ("Filen kan inte läsas ({problem}). Kontrollera sökvägen och behörigheten.",
         "The file cannot be read ({problem}). Check the path and the permissions."),
        ("Operativsystemet vägrade läsa filen.", "The operating system refused to read it.")),
    "binary-file": _rule(E,
        ("Binär fil", "Binary file"),
        ("Filen innehåller binära data (byte {offset}) och är ingen YAML-text. "
         "Är det ett Word- eller Excel-dokument med fel filändelse?",
         "The file contains binary data (byte {offset}) and is not YAML text. "
         "Is it a Word or Excel document with the wrong extension?"),
        ("YAML-dokument är ren text.", "YAML documents are plain text.")),
    "not-utf8": _rule(E,
        ("Fel teckenkodning", "Wrong text encoding"),
        ("Filen är inte UTF-8 (byte {offset}). Spara om den som UTF-8 i din "
         "textredigerare.",
         "The file is not UTF-8 (byte {offset}). Save it again as UTF-8 in your editor."),
        ("socinv läser text som UTF-8, så att å, ä och ö blir rätt.",
         "socinv reads text as UTF-8 so that å, ä and ö come out right.")),
    "yaml-syntax": _rule(E,
        ("YAML-syntaxfel", "YAML syntax error"),
        ("Filen kan inte läsas som YAML: {problem}. Kontrollera indragen och att "
         "text med kolon står inom citattecken.",
         "The file cannot be read as YAML: {problem}. Check the indentation and "
         "quote text that contains a colon."),
        ("YAML-filen följer inte YAML-syntaxen.", "The YAML file breaks YAML syntax.")),
    "merge-conflict": _rule(E,
        ("Konfliktmarkeringar från git", "Git conflict markers"),
        ("Filen innehåller konfliktmarkeringar från en git-sammanslagning (<<<<<<<, =======, "
         ">>>>>>>) och båda versionerna. Behåll den version som gäller, ta bort markeringarna "
         "och den andra versionen, och kör kommandot igen.",
         "The file holds conflict markers from a git merge (<<<<<<<, =======, >>>>>>>) and "
         "both versions. Keep the version that counts, delete the markers and the other "
         "version, and run the command again."),
        ("git skriver in båda versionerna när två ändringar av samma rader möts.",
         "git writes both versions in when two changes to the same lines meet.")),
    "yaml-tab": _rule(E,
        ("Tabb i indrag", "Tab in indentation"),
        ("Tabbtecken i indrag är inte tillåtna i YAML. Ersätt tabben med mellanslag.",
         "Tab characters may not be used for indentation in YAML. Replace the tab "
         "with spaces."),
        ("YAML tillåter bara mellanslag som indrag.", "YAML only allows spaces as indentation.")),
    "yaml-alias": _rule(E,
        ("Ankare och alias", "Anchors and aliases"),
        ("YAML-ankare (&) och alias (*) används inte i socinv-dokument. Skriv ut "
         "värdet där det behövs.",
         "YAML anchors (&) and aliases (*) are not used in socinv documents. Write "
         "the value out where it is needed."),
        ("Alias kan få en liten fil att bli enorm när den läses (aliasbomb).",
         "Aliases can make a small file enormous when read (alias bomb).")),
    "yaml-merge-key": _rule(E,
        ("Sammanslagningsnyckel", "Merge key"),
        ("Sammanslagningsnyckeln << används inte i socinv-dokument. Skriv ut fälten.",
         "The merge key << is not used in socinv documents. Write the fields out."),
        ("Sammanslagningsnycklar döljer var ett värde kommer ifrån.",
         "Merge keys hide where a value comes from.")),
    "yaml-tag": _rule(E,
        ("Otillåten YAML-tagg", "Tag not allowed"),
        ("YAML-taggen {tag} är inte tillåten. Ta bort taggen.",
         "The YAML tag {tag} is not allowed. Remove the tag."),
        ("Taggar kan skapa objekt vid inläsning; socinv läser bara data.",
         "Tags can construct objects when loading; socinv only reads data.")),
    "yaml-too-deep": _rule(E,
        ("För djup nästling", "Nested too deeply"),
        ("Dokumentet är nästlat djupare än {limit} nivåer. Kontrollera indragen: fondens "
         "dokument har några få nivåer (utgå från en mall från socinv new).",
         "The document is nested deeper than {limit} levels. Fund documents have a few "
         "levels: start from a template made by socinv new."),
        ("Så djupa strukturer förekommer inte i fondens dokument.",
         "Fund documents never nest that deeply.")),
    "yaml-too-large": _rule(E,
        ("För många värden", "Too many values"),
        ("Dokumentet har fler än {limit} värden; fondens dokument har några hundra. "
         "Kontrollera att det är rätt fil (inte t.ex. en export av en hel tabell).",
         "The document holds more than {limit} values; fund documents hold a few hundred. "
         "Check that it is the right file (not, say, an export of a whole table)."),
        ("Gränsen gör att en enda fil inte kan göra granskningen långsam eller rapporten "
         "ohanterligt stor.",
         "The limit keeps a single file from making the check slow or the report "
         "unmanageably large.")),
    "yaml-multiple-documents": _rule(E,
        ("Flera YAML-dokument", "Several YAML documents"),
        ("Filen innehåller flera YAML-dokument (---). Lägg varje dokument i en egen fil.",
         "The file holds several YAML documents (---). Put each in a file of its own."),
        ("En fil är ett dokument.", "One file is one document.")),
    "not-a-mapping": _rule(E,
        ("Inte en samling fält", "Not a set of fields"),
        ("Dokumentets översta nivå ska vara fält med namn (nyckel: värde), inte {found}.",
         "The top level of the document must be named fields (key: value), not {found}."),
        ("Alla dokument i fonden består av namngivna fält.",
         "Every fund document consists of named fields.")),
    "unknown-document-type": _rule(E,
        ("Okänd dokumenttyp", "Unknown document type"),
        ("Det går inte att avgöra vilken sorts dokument {name} är. Ange --type "
         "idea|application|report|final_report.",
         "Cannot tell what kind of document {name} is. Pass --type "
         "idea|application|report|final_report."),
        ("Dokumenttypen avgörs av filnamnet (t.ex. application.yaml eller ansokan.yaml).",
         "The document type comes from the file name (e.g. application.yaml).")),
    "unsupported-format": _rule(E,
        ("Filformatet stöds inte", "Format not supported"),
        ("Filer av typen {suffix} kan inte läsas som fonddokument. Spara dokumentet som "
         "{supported}.",
         "Files of type {suffix} cannot be read as fund documents. Save the document as "
         "{supported}."),
        ("socinv läser fondens dokument i de format som anges.",
         "socinv reads fund documents in the formats listed.")),
    # --- word (.docx) ---
    "not-a-zip": _rule(E,
        ("Inte ett Office-dokument", "Not an Office document"),
        ("Filen är inte {format}: den är ingen zip-fil, vilket alla moderna Office-dokument "
         "är. Kontrollera att det är rätt fil, eller öppna den i {app} och spara den som "
         "{suffix}.",
         "The file is not {format}: it is not a zip file, which every modern Office "
         "document is. Check that it is the right file, or open it in {app} and save it as "
         "{suffix}."),
        ("Word- och Excel-dokument (.docx, .xlsx) är zip-arkiv; den här filen är något annat, "
         "ofta en fil med fel filändelse.",
         "Word and Excel documents (.docx, .xlsx) are zip archives; this file is something "
         "else, often a file with the wrong extension.")),
    "zip-truncated": _rule(E,
        ("Trasig eller ofullständig fil", "Damaged or truncated file"),
        ("Filen är trasig eller ofullständig (zip-arkivet går inte att läsa); den kan ha "
         "avbrutits vid kopiering eller nedladdning. Hämta filen igen, eller öppna den i "
         "{app} och spara den på nytt som {suffix}.",
         "The file is damaged or incomplete (the zip archive cannot be read); it may have "
         "been cut off while copying or downloading. Fetch the file again, or open it in "
         "{app} and save it again as {suffix}."),
        ("Zip-arkivets innehållsförteckning saknas eller stämmer inte med innehållet.",
         "The zip archive's directory is missing or does not match its content.")),
    "document-too-long": _rule(E,
        ("Dokumentet är för långt", "Document too long"),
        ("Word-dokumentet har fler än {limit} stycken och tabellceller och läses inte. En "
         "ifylld mall har några hundra; kontrollera att det är rätt fil.",
         "The Word document has more than {limit} paragraphs and table cells and is not "
         "read. A filled-in form has a few hundred; check that this is the right file."),
        ("Ett mycket långt dokument skulle ta sekunder att läsa och är ingen ifylld mall.",
         "A very long document would take seconds to read and is no filled-in form.")),
    "zip-bomb": _rule(E,
        ("Orimligt stort innehåll", "Unreasonably large content"),
        ("Filen packas upp till orimligt mycket data (fler delar, mer innehåll eller högre "
         "packningsgrad än ett dokument har) och läses inte. Kontrollera var filen kommer "
         "ifrån; ska den användas, öppna den i {app} och spara den som {suffix}.",
         "The file unpacks to an unreasonable amount of data (more parts, more content or "
         "a higher compression ratio than a document has) and is not read. Check where "
         "the file comes from; if it is to be used, open it in {app} and save it as "
         "{suffix}."),
        ("Storlek och packningsgrad läses ur zip-arkivets innehållsförteckning innan något "
         "packas upp, så att en zip-bomb inte kan fylla minnet.",
         "Sizes and compression ratios are read from the zip directory before anything is "
         "unpacked, so that a zip bomb cannot fill the memory.")),
    "old-office-format": _rule(E,
        ("Gammalt filformat", "Old file format"),
        ("Filen är i det gamla formatet {old}. Öppna den i {app} och spara den som {suffix} "
         "(Arkiv › Spara som).",
         "The file is in the old format {old}. Open it in {app} and save it as {suffix} "
         "(File › Save As)."),
        ("socinv läser de öppna Office-formaten (.docx, .xlsx), inte de binära formaten från "
         "Office 97–2003.",
         "socinv reads the open Office formats (.docx, .xlsx), not the binary formats of "
         "Office 97–2003.")),
    "encrypted-document": _rule(E,
        ("Lösenordsskyddad fil", "Password-protected file"),
        ("Filen är lösenordsskyddad (krypterad) och kan inte läsas. Ta bort lösenordet i "
         "{app} (Arkiv › Info › Skydda dokument › Kryptera med lösenord, töm fältet) och "
         "spara igen.",
         "The file is password-protected (encrypted) and cannot be read. Remove the "
         "password in {app} (File › Info › Protect Document › Encrypt with Password, clear "
         "the field) and save again."),
        ("En krypterad fil går bara att läsa med lösenordet; socinv frågar aldrig efter "
         "lösenord.",
         "An encrypted file can only be read with its password; socinv never asks for "
         "passwords.")),
    "macro-document": _rule(E,
        ("Fil med makron", "File with macros"),
        ("Filen innehåller makron (t.ex. .docm eller .xlsm) och läses inte. Spara den i "
         "{app} som {suffix} utan makron.",
         "The file contains macros (e.g. .docm or .xlsm) and is not read. Save it in "
         "{app} as {suffix} without macros."),
        ("Fondens dokument innehåller bara text och tabeller; makron kan köra kod och "
         "tas inte emot.",
         "Fund documents hold only text and tables; macros can run code and are refused.")),
    "not-an-office-file": _rule(E,
        ("Fel sorts dokument", "Wrong kind of document"),
        ("Filen är en zip-fil men inte {format}: delen {part} saknas eller är av fel typ. "
         "Kontrollera att det är rätt fil (t.ex. inte en mall eller en Excel-fil med fel "
         "filändelse) och spara den i {app} som {suffix}.",
         "The file is a zip file but not {format}: the part {part} is missing or of the "
         "wrong type. Check that it is the right file (e.g. not a template or an Excel "
         "file with the wrong extension) and save it in {app} as {suffix}."),
        ("Ett Office-dokument har bestämda delar; utan dem går det inte att läsa.",
         "An Office document has fixed parts; without them it cannot be read.")),
    "damaged-document": _rule(E,
        ("Skadat dokument", "Damaged document"),
        ("Filen kan inte läsas som {format}; felet är: {problem}. Öppna den i {app} och "
         "spara den på nytt som {suffix}.",
         "The file cannot be read as {format}; the error is: {problem}. Open it in {app} "
         "and save it again as {suffix}."),
        ("Dokumentets innehåll är inte giltig Office-XML; att spara om det i Office "
         "brukar laga det.",
         "The document's content is not valid Office XML; saving it again in Office "
         "usually repairs it.")),
    "not-a-socinv-document": _rule(E,
        ("Inget socinv-dokument", "Not a socinv document"),
        ("Dokumentet har ingen av mallens rubriker för {doc} och är inget socinv-dokument. "
         "Skapa en mall med socinv new … --format docx (eller socinv convert FIL --to docx) "
         "och skriv in svaren där.",
         "The document has none of the template's headings for {doc} and is not a socinv "
         "document. Create a template with socinv new … --format docx (or socinv convert "
         "FILE --to docx) and write the answers there."),
        ("socinv läser ett Word-dokument genom mallens rubriker och tabeller; ett fritt "
         "skrivet dokument går inte att granska.",
         "socinv reads a Word document through the template's headings and tables; a "
         "freely written document cannot be checked.")),
    # --- content ---
    "case-file-missing": _rule(E,
        ("case.yaml saknas", "case.yaml missing"),
        ("Ärendemappen saknar case.yaml. Kör socinv doctor för att se vad som hänt.",
         "The case folder has no case.yaml. Run socinv doctor to see what happened."),
        ("Varje ärende har en case.yaml med id, steg och historik.",
         "Every case has a case.yaml with id, stage and history.")),
    "empty-document": _rule(E,
        ("Tomt dokument", "Empty document"),
        ("Dokumentet är tomt. Skapa en mall med socinv new och fyll i den.",
         "The document is empty. Create a template with socinv new and fill it in."),
        ("Ett tomt dokument innehåller inga uppgifter att pröva.",
         "An empty document has nothing to assess.")),
    "duplicate-key": _rule(E,
        ("Dubblerat fält", "Duplicate field"),
        ("Fältet {key} förekommer två gånger (även rad {first_line}). Behåll ett av dem.",
         "The field {key} appears twice (also line {first_line}). Keep one of them."),
        ("Med två värden för samma fält går det inte att veta vilket som gäller.",
         "With two values for one field nobody can tell which one counts.")),
    "missing": _rule(E,
        ("Obligatoriskt fält saknas", "Required field missing"),
        ("{label} saknas eller är tomt. {hint}",
         "{label} is missing or empty. {hint}"),
        ("Riktlinjen kräver uppgiften för att dokumentet ska vara komplett.",
         "The guideline requires this information for the document to be complete.")),
    "template-text": _rule(E,
        ("Malltext kvar", "Template text left in place"),
        ("{label} innehåller fortfarande mallens text. Ersätt den med era egna uppgifter.",
         "{label} still holds the template's text. Replace it with your own content."),
        ("Mallens vägledning räknas som tomt fält.",
         "The template's guidance counts as an empty field.")),
    "unknown-key": _rule(W,
        ("Okänt fält", "Unknown field"),
        ("Fältet {key} finns inte i {where}. {suggestion}",
         "The field {key} does not exist in {where}. {suggestion}"),
        ("Okända fält läses inte och kommer inte med i underlagen; ofta är det ett "
         "stavfel.",
         "Unknown fields are not read and never reach the documents; usually a typo.")),
    "not-text": _rule(E,
        ("Text förväntades", "Text expected"),
        ("{label} ska vara text, inte {found}.", "{label} must be text, not {found}."),
        ("Fältet är en fritext.", "The field is free text.")),
    "not-a-group": _rule(E,
        ("Underfält förväntades", "Sub-fields expected"),
        ("{label} ska bestå av underfält ({keys}), inte {found}.",
         "{label} must consist of sub-fields ({keys}), not {found}."),
        ("Fältet är en grupp av namngivna underfält.",
         "The field is a group of named sub-fields.")),
    "not-a-list": _rule(E,
        ("Lista förväntades", "List expected"),
        ("{label} ska vara en lista (rader som börjar med -), inte {found}.",
         "{label} must be a list (lines starting with -), not {found}."),
        ("Fältet kan ha flera poster och skrivs som en lista.",
         "The field can have several entries and is written as a list.")),
    "too-few-items": _rule(E,
        ("För få poster", "Too few entries"),
        ("{label} har {count} poster; minst {min} krävs.",
         "{label} has {count} entries; at least {min} are required."),
        ("Riktlinjen kräver flera poster i listan.",
         "The guideline requires several entries in this list.")),
    "not-an-amount": _rule(E,
        ("Inte ett belopp", "Not an amount"),
        ("{label}: \"{value}\" är inget belopp. Skriv hela kronor, t.ex. 1 450 000.",
         "{label}: \"{value}\" is not an amount. Write whole kronor, e.g. 1 450 000."),
        ("Belopp anges i hela kronor (SEK).", "Amounts are whole Swedish kronor (SEK).")),
    "amount-not-whole": _rule(E,
        ("Inte hela kronor", "Not whole kronor"),
        ("{label}: \"{value}\" har decimaler. Avrunda till hela kronor.",
         "{label}: \"{value}\" has decimals. Round to whole kronor."),
        ("Kostnader och besparingar anges i hela kronor.",
         "Costs and savings are stated in whole kronor.")),
    "amount-too-large": _rule(E,
        ("Orimligt stort belopp", "Unreasonably large amount"),
        ("{label}: {value} är större än 999 999 999 999 kr. Kontrollera beloppet.",
         "{label}: {value} is more than 999 999 999 999 kr. Check the amount."),
        ("Belopp över en biljon kronor är skrivfel; de skulle inte heller gå att visa exakt "
         "i ett kalkylblad.",
         "Amounts over a trillion kronor are typing errors; a spreadsheet could not show "
         "them exactly either.")),
    "negative-amount": _rule(E,
        ("Negativt belopp", "Negative amount"),
        ("{label}: {value} är negativt. Belopp och antal är noll eller större.",
         "{label}: {value} is negative. Amounts and counts are zero or more."),
        ("Kostnader, besparingar och antal kan inte vara negativa.",
         "Costs, savings and counts cannot be negative.")),
    "not-a-count": _rule(E,
        ("Inte ett heltal", "Not a whole number"),
        ("{label}: \"{value}\" är inget heltal. Skriv siffror, t.ex. 12.",
         "{label}: \"{value}\" is not a whole number. Write digits, e.g. 12."),
        ("Fältet är ett antal eller en ålder i hela tal.",
         "The field is a count or an age in whole numbers.")),
    "not-a-number": _rule(E,
        ("Inte ett tal", "Not a number"),
        ("{label}: \"{value}\" är inget tal. Skriv t.ex. 0,5 eller 1.",
         "{label}: \"{value}\" is not a number. Write e.g. 0.5 or 1."),
        ("Fältet är ett tal.", "The field is a number.")),
    "not-a-year": _rule(E,
        ("Inte ett årtal", "Not a year"),
        ("{label}: \"{value}\" är inget årtal. Skriv fyra siffror, t.ex. 2027.",
         "{label}: \"{value}\" is not a year. Write four digits, e.g. 2027."),
        ("År anges med fyra siffror.", "Years are four digits.")),
    "invalid-date": _rule(E,
        ("Ogiltigt datum", "Invalid date"),
        ("{label}: \"{value}\" är inget giltigt datum. Skriv ÅÅÅÅ-MM-DD, t.ex. 2027-01-01.",
         "{label}: \"{value}\" is not a valid date. Write YYYY-MM-DD, e.g. 2027-01-01."),
        ("Datum anges enligt ISO 8601 och måste finnas i kalendern.",
         "Dates are ISO 8601 and must exist in the calendar.")),
    "invalid-choice": _rule(E,
        ("Ogiltigt val", "Invalid choice"),
        ("{label}: \"{value}\" är inte ett av de tillåtna värdena ({choices}).{suggestion}",
         "{label}: \"{value}\" is not one of the allowed values ({choices}).{suggestion}"),
        ("Fältet har en fast uppsättning värden.", "The field has a fixed set of values.")),
    "not-a-bool": _rule(E,
        ("Ja eller nej förväntades", "Yes or no expected"),
        ("{label}: \"{value}\" ska vara true (ja) eller false (nej).",
         "{label}: \"{value}\" must be true or false."),
        ("Fältet är ett ja/nej-fält.", "The field is a yes/no field.")),
    "period-order": _rule(E,
        ("Slutdatum före startdatum", "End before start"),
        ("Tidsperiodens slut ({end}) ligger före dess start ({start}).",
         "The period ends ({end}) before it starts ({start})."),
        ("En tidsperiod måste sluta efter att den börjat.",
         "A period must end after it starts.")),
    "period-length": _rule(E,
        ("Fel projekttid", "Wrong project length"),
        ("Tidsperioden {start} – {end} är {years} år; riktlinjen kräver {min}–{max} år.",
         "The period {start} – {end} is {years} years; the guideline requires {min}–{max}."),
        ("Riktlinjen anger hur lång tid en satsning får pågå.",
         "The guideline sets how long an investment may run.")),
    "age-range": _rule(E,
        ("Ålder utanför målgruppen", "Age outside the target group"),
        ("{label} är {value} år; riktlinjens målgrupp är {min}–{max} år.",
         "{label} is {value}; the guideline's target group is aged {min}–{max}."),
        ("Fonden får bara finansiera insatser för riktlinjens målgrupp.",
         "The fund may only finance work for the guideline's target group.")),
    "age-order": _rule(E,
        ("Lägsta ålder över högsta", "Minimum age above maximum"),
        ("Lägsta ålder ({min}) är högre än högsta ålder ({max}).",
         "The minimum age ({min}) is above the maximum age ({max})."),
        ("Åldersspannet måste gå från lägre till högre ålder.",
         "The age range must run from lower to higher.")),
    "costs-missing-year": _rule(E,
        ("Kostnad saknas för ett år", "Cost missing for a year"),
        ("Kostnad per år saknas för {year}. Lägg till en rad för varje år i "
         "tidsperioden ({years}).",
         "The cost per year is missing for {year}. Add a row for every year of the "
         "period ({years})."),
        ("Kostnaden ska fördelas per år under hela tidsperioden.",
         "The cost must be split per year across the whole period.")),
    "year-outside-period": _rule(E,
        ("År utanför tidsperioden", "Year outside the period"),
        ("{label}: året {year} ligger utanför tidsperioden ({years}).",
         "{label}: the year {year} is outside the period ({years})."),
        ("Kostnader och beslutade belopp hör till projektets tidsperiod.",
         "Costs and granted amounts belong to the project's period.")),
    "duplicate-year": _rule(E,
        ("År förekommer två gånger", "Year appears twice"),
        ("{label}: året {year} förekommer mer än en gång. Slå ihop raderna.",
         "{label}: the year {year} appears more than once. Merge the rows."),
        ("Varje år ska ha en rad.", "Each year has one row.")),
    "party-rule": _rule(E,
        ("Villkoret för medverkande uppfylls inte", "Party requirement not met"),
        ("Medverkande uppfyller inte riktlinjens krav: {requirement} Nu: {found}.",
         "The parties do not meet the guideline's requirement: {requirement} Now: {found}."),
        ("Riktlinjen anger vilka som måste medverka i en satsning.",
         "The guideline says who must take part in an investment.")),
    "party-not-eligible": _rule(E,
        ("Aktören får inte medverka", "Party not eligible"),
        ("{name} ({kind}) får inte medverka enligt riktlinjen. {hint}",
         "{name} ({kind}) may not take part under the guideline. {hint}"),
        ("Riktlinjen utesluter vissa slag av aktörer.",
         "The guideline excludes some kinds of party.")),
    "party-condition": _rule(E,
        ("Villkor för aktören uppfylls inte", "Party condition not met"),
        ("{name} ({kind}) får medverka bara om {condition} är true.",
         "{name} ({kind}) may take part only if {condition} is true."),
        ("Vissa aktörer får medverka bara under villkor, t.ex. majoritetsägda bolag.",
         "Some parties may take part only on a condition, e.g. majority-owned companies.")),
    "savings-period-order": _rule(E,
        ("Besparingsperioden är omvänd", "Savings period reversed"),
        ("Besparingsperioden går från {from_year} till {to_year}; första året måste "
         "komma först.",
         "The savings period runs from {from_year} to {to_year}; the first year must "
         "come first."),
        ("Perioden för minskade kostnader anges från och med – till och med.",
         "The savings period is given from – to, inclusive.")),
    "reduction-unit-form": _rule(E,
        ("Kostnadsminskning ofullständig", "Cost reduction incomplete"),
        ("Ange antingen amount_per_year (belopp per år) eller unit_cost tillsammans "
         "med count_per_year (enhetskostnad och antal per år).",
         "Give either amount_per_year, or unit_cost together with count_per_year."),
        ("Besparingen per år måste gå att räkna fram.",
         "The saving per year must be computable.")),
    "realised-row-form": _rule(E,
        ("Realiserad besparing ofullständig", "Realised saving incomplete"),
        ("Ange antingen amount (belopp) eller unit_cost tillsammans med count (enhetskostnad "
         "och antal), inte båda. Lämna båda tomma om besparingen inte är mätt.",
         "Give either amount, or unit_cost together with count, not both. Leave both blank "
         "when the saving has not been measured."),
        ("Den realiserade besparingen räknas som i ansökan: belopp, eller enhetskostnad × "
         "antal.",
         "The realised saving is counted as in the application: an amount, or unit cost × "
         "count.")),
    "unknown-unit-cost": _rule(E,
        ("Okänd enhetskostnad", "Unknown unit cost"),
        ("Enhetskostnaden \"{value}\" finns inte i fondens unit_costs.yaml.{suggestion}",
         "The unit cost \"{value}\" is not in the fund's unit_costs.yaml.{suggestion}"),
        ("unit_cost hänvisar till en nyckel i fondens bibliotek av enhetskostnader.",
         "unit_cost refers to a key in the fund's unit-cost library.")),
    "unit-costs-unknown": _rule(W,
        ("Enhetskostnaderna är okända", "Unit costs unknown"),
        ("Enhetskostnaderna ({value}) är okända – det finns ingen unit_costs.yaml – så de "
         "besparingarna räknas inte. Ange fondens enhetskostnader med --unit-costs "
         "unit_costs.yaml (utanför en fond) eller lägg filen i fondens mapp.",
         "The unit costs ({value}) are unknown – there is no unit_costs.yaml – so those "
         "savings are not counted. Give the fund's unit costs with --unit-costs "
         "unit_costs.yaml (outside a fund) or put the file in the fund's folder."),
        ("Utanför en fond finns ingen unit_costs.yaml; med --unit-costs FIL räknas "
         "besparingarna som i fonden.",
         "Outside a fund there is no unit_costs.yaml; with --unit-costs FILE the savings are "
         "computed as in the fund.")),
    "savings-never-cover": _rule(W,
        ("Besparingen täcker inte kostnaden", "Savings never cover the cost"),
        ("De beräknade besparingarna ({total_savings}) täcker inte kostnaden ({total_cost}) "
         "till och med {last_year}. Se över kostnadsminskningarna eller perioden.",
         "The expected savings ({total_savings}) do not cover the cost ({total_cost}) by "
         "{last_year}. Review the cost reductions or their period."),
        ("Riktlinjerna kräver att investeringen antas minska organisationens kostnader; här "
         "återbetalas den inte inom besparingsperioden.",
         "The guidelines require the investment to be expected to reduce the organisation's "
         "costs; "
         "here it does not pay back within the savings period.")),
    "savings-before-start": _rule(W,
        ("Besparing före projektstart", "Savings before the project starts"),
        ("Besparingsperioden börjar {year}, före projektets första år {start_year}.",
         "The savings period starts in {year}, before the project's first year {start_year}."),
        ("Kostnaderna kan inte minska av en insats som ännu inte börjat.",
         "Costs cannot fall because of work that has not started yet.")),
    "criteria-not-assessed": _rule(W,
        ("Kriteriet är inte bedömt", "Criterion not assessed"),
        ("{process_group} har ännu inte bedömt kriteriet: {label}.",
         "{process_group} has not yet assessed the criterion: {label}."),
        ("Idén kan gå vidare till ansökan först när alla kriterier är bedömda.",
         "The idea can move on to an application only when all criteria are assessed.")),
    "criterion-not-met": _rule(W,
        ("Kriteriet är inte uppfyllt", "Criterion not met"),
        ("{process_group} bedömer att kriteriet inte är uppfyllt: {label}.",
         "{process_group} judges the criterion not met: {label}."),
        ("Idén kan gå vidare först när alla kriterier är uppfyllda.",
         "The idea can move on only when every criterion is met.")),
    "amount-per-year": _rule(E,
        ("Över fondens gräns per år", "Above the fund's limit per year"),
        ("Kostnaden {year} är {amount}; riktlinjen medger högst {limit} per år ur fonden.",
         "The cost in {year} is {amount}; the guideline allows at most {limit} a year from "
         "the fund."),
        ("Profilens regel amount_limits.max_per_year.",
         "The profile's rule amount_limits.max_per_year.")),
    "amount-total-over": _rule(E,
        ("Över fondens gräns per ärende", "Above the fund's limit per case"),
        ("Det sökta beloppet är {amount} totalt; riktlinjen medger högst {limit} per "
         "satsning.",
         "The amount sought is {amount} in total; the guideline allows at most {limit} per "
         "investment."),
        ("Profilens regel amount_limits.max_total.",
         "The profile's rule amount_limits.max_total.")),
    "amount-total-under": _rule(E,
        ("Under fondens lägsta belopp", "Below the fund's smallest amount"),
        ("Det sökta beloppet är {amount} totalt; riktlinjen kräver minst {limit}.",
         "The amount sought is {amount} in total; the guideline needs at least {limit}."),
        ("Profilens regel amount_limits.min_total.",
         "The profile's rule amount_limits.min_total.")),
    "co-financing-share": _rule(E,
        ("För låg egen- eller medfinansiering", "Own or co-financing too low"),
        ("Egen- och medfinansieringen är {own} av satsningens kostnad {total} ({share} %); "
         "riktlinjen kräver minst {min} %.",
         "Own and co-financing is {own} of the investment's cost {total} ({share} %); the "
         "guideline requires at least {min} %."),
        ("Andelen räknas på fondens kostnader plus medfinansieringen (co_financing).",
         "The share is of the fund's costs plus the co-financing (co_financing).")),
    "required-if": _rule(E,
        ("Fält som krävs i detta fall saknas", "Field required in this case missing"),
        ("{label} krävs när {when} är {value}.", "{label} is required when {when} is {value}."),
        ("Profilens regel required_if: fältet krävs bara när ett annat fält har ett visst "
         "värde.",
         "The profile's rule required_if: the field is required only when another field "
         "has a certain value.")),
    "required-unless": _rule(E,
        ("Fält som krävs saknas", "Required field missing"),
        ("{label} saknas: fyll i fältet (en äldre rapport kan i stället ha {unless}).",
         "{label} missing: fill in the field (an older report may have {unless} instead)."),
        ("Profilens regel required_if med unless: fältet krävs när ett annat fält, som det "
         "ersätter, är tomt.",
         "The profile's rule required_if with unless: the field is required when another "
         "field, which it replaces, is blank.")),
    "deviation-comment": _rule(E,
        ("Avvikelse utan kommentar", "Deviation without comment"),
        ("Utfallet {outcome} avviker {percent} % från budget {budget} (mer än {threshold} %). "
         "Förklara avvikelsen i kommentaren.",
         "The outcome {outcome} differs {percent} % from the budget {budget} (more than "
         "{threshold} %). Explain the deviation in the comment."),
        ("Större avvikelser mot budget ska förklaras i rapporten.",
         "Larger deviations from the budget must be explained in the report.")),
    "forecast-deviation-comment": _rule(E,
        ("Prognosavvikelse utan kommentar", "Forecast deviation without comment"),
        ("Prognosen för helåret {forecast} avviker {percent} % från årets budget {budget} "
         "(mer än {threshold} %). Förklara avvikelsen i kommentaren.",
         "The forecast for the whole year {forecast} differs {percent} % from the year's "
         "budget {budget} (more than {threshold} %). Explain the deviation in the comment."),
        ("I en delårsrapport bedöms avvikelsen på helårsprognosen, inte på utfallet hittills.",
         "In an interim report the deviation is judged on the forecast for the whole year, "
         "not on the outcome to date.")),
    "report-budget-differs": _rule(W,
        ("Fel budget i rapporten", "Wrong budget in the report"),
        ("Rapporten anger budget {given}, men årets budget för ärendet är {budget} (beviljat "
         "{granted} + ombudgeterat {rebudgeted}).",
         "The report gives the budget {given}, but the case's budget for the year is {budget} "
         "(granted {granted} + re-budgeted {rebudgeted})."),
        ("Årets budget = beviljat för året + ombudgeterat från föregående år. Rätta "
         "finance.budget.",
         "The year's budget = granted for the year + re-budgeted from the previous year. "
         "Correct finance.budget.")),
    "rebudget-invalid": _rule(E,
        ("Ombudgeteringen håller inte", "The re-budgeting does not hold"),
        ("rebudgeting[{index}] ({case}, {from_year} → {to_year}, {amount}): {reason}",
         "rebudgeting[{index}] ({case}, {from_year} → {to_year}, {amount}): {reason}"),
        ("Ombudgetering flyttar outnyttjade budgetmedel till nästa år efter beslut; "
         "registrera den med socinv rebudget.",
         "Re-budgeting moves unused budget to the next year by decision; record it with "
         "socinv rebudget.")),
    "finance-form-cell": _rule(E,
        ("Ogiltigt belopp i ekonomiblanketten", "Invalid amount in the finance form"),
        ("Cell {cell}: \"{value}\" är inget belopp i hela kronor.",
         "Cell {cell}: \"{value}\" is not an amount in whole kronor."),
        ("Budget, utfall och prognos skrivs som tal i hela kronor.",
         "Budget, outcome and forecast are numbers in whole kronor.")),
    "finance-form-differs": _rule(E,
        ("Ekonomiblanketten stämmer inte med rapporten",
         "The finance form does not agree with the report"),
        ("{form}: {label} är {sum} i blanketten men {given} i rapporten.",
         "{form}: {label} is {sum} in the form but {given} in the report."),
        ("Summorna i ekonomiblanketten (reports/PERIOD-finance.xlsx) ska vara desamma som "
         "rapportens finance.budget, finance.outcome och finance.forecast.",
         "The finance form's sums (reports/PERIOD-finance.xlsx) must equal the report's "
         "finance.budget, finance.outcome and finance.forecast.")),
    "rebudget-refused": _rule(E,
        ("Ombudgeteringen kan inte registreras", "The re-budgeting cannot be recorded"),
        ("{reason}", "{reason}"),
        ("Ombudgetering flyttar outnyttjade budgetmedel (årets budget − utfall) från ett år "
         "till nästa efter beslut; ärendet ska vara i genomförande och årets årsrapport ska "
         "finnas.",
         "Re-budgeting moves unused budget (the year's budget − outcome) from one year to the "
         "next by decision; the case must be in implementation and the year's annual report "
         "must exist.")),
    "rebudget-uncovered": _rule(W,
        ("Årets reserv räcker inte", "The year's reserve does not cover it"),
        ("{to_year}: ombudgeterat {amount} ryms inte i det som finns kvar av årets medel "
         "({available}: {allocated} − beviljat {granted} − redan ombudgeterat {rebudgeted}).",
         "{to_year}: re-budgeted {amount} does not fit what is left of the year's funds "
         "({available}: {allocated} − granted {granted} − already re-budgeted {rebudgeted})."),
        ("Ombudgeterade medel finansieras ur det årets reserv.",
         "Re-budgeted funds are financed from that year's reserve.")),
    "decision-above-application": _rule(E,
        ("Mer än ansökt", "More than applied for"),
        ("Beviljat {granted} är mer än ansökans totala kostnad {applied}.",
         "Granted {granted} is more than the application's total cost {applied}."),
        ("Ett beslut kan bevilja det ansökta beloppet eller mindre. Kontrollera beloppet "
         "eller låt sökanden revidera ansökan.",
         "A decision can grant the amount applied for or less. Check the amount or have the "
         "applicant revise the application.")),
    "report-period-mismatch": _rule(E,
        ("Fel rapportperiod", "Wrong report period"),
        ("Rapporten anger perioden {value} men filen heter {expected}.",
         "The report says period {value} but the file is named {expected}."),
        ("Rapportens period är filens namn, t.ex. 2027-interim.",
         "A report's period is its file name, e.g. 2027-interim.")),
    "case-id-mismatch": _rule(E,
        ("Ärende-id stämmer inte", "Case id mismatch"),
        ("case.yaml anger id {value} men mappen heter {folder}.",
         "case.yaml says id {value} but the folder is named {folder}."),
        ("Ärendets id är mappens namn.", "A case's id is its folder's name.")),
    "case-stage-mismatch": _rule(E,
        ("Steget stämmer inte", "Stage mismatch"),
        ("case.yaml anger steget {value} men ärendet ligger i {folder}. Kör "
         "socinv doctor --repair.",
         "case.yaml says stage {value} but the case is in {folder}. Run socinv doctor "
         "--repair."),
        ("Ett ärendes steg är den mapp det ligger i.",
         "A case's stage is the directory it is in.")),
    "invalid-case-id": _rule(E,
        ("Ogiltigt ärende-id", "Invalid case id"),
        ("\"{value}\" är inget giltigt ärende-id (ÅÅÅÅ-NNN-namn med små bokstäver a–z, "
         "siffror och bindestreck).",
         "\"{value}\" is not a valid case id (YYYY-NNN-name in lowercase a–z, digits "
         "and hyphens)."),
        ("Ärende-id har formen ÅR-LÖPNUMMER-namn.", "Case ids have the form YEAR-SEQ-name.")),
    "per-year-sum": _rule(E,
        ("Fördelningen per år stämmer inte", "Per-year split does not add up"),
        ("Beviljat belopp {total} men fördelningen per år summerar till {sum}.",
         "Granted {total} but the per-year split adds up to {sum}."),
        ("Beslutet ska ange totalbelopp och preliminär fördelning per år, och de "
         "måste stämma.",
         "A decision gives the total and the preliminary split per year; they must agree.")),
    # --- workflow (advance, decide, close, reports, doctor) ---
    "transition-not-allowed": _rule(E,
        ("Steget är inte tillåtet", "Transition not allowed"),
        ("Ärendet ligger i {current} och kan inte gå till {target}. Tillåtet härifrån: "
         "{allowed}.",
         "The case is in {current} and cannot go to {target}. Allowed from here: {allowed}."),
        ("Regelprofilen anger vilka steg ett ärende får ta; inget steg kan hoppas över.",
         "The rule profile says which moves a case may make; no step can be skipped.")),
    "gate-document-missing": _rule(E,
        ("Dokument saknas", "Document missing"),
        ("{document} saknas i ärendet. Skapa den med: {command}",
         "The case has no {document}. Create it with: {command}"),
        ("Steget kräver ett godkänt dokument i ärendemappen.",
         "The move requires a valid document in the case folder.")),
    "gate-no-decision": _rule(E,
        ("Beslut saknas", "Decision missing"),
        ("{Decision_body_genitive} beslut är inte registrerat. Registrera det med: socinv "
         "decide {case} --granted BELOPP --per-year ÅR=BELOPP,… --ref "
         "\"{decision_body_short} § N\"",
         "{Decision_body_genitive} decision is not recorded. Record it with: socinv decide "
         "{case} --granted AMOUNT --per-year YEAR=AMOUNT,… --ref \"{decision_body_short} § N\""),
        ("Ett ärende går till genomförande först när beslutet om medel är registrerat.",
         "A case goes to implementation only when the grant decision is recorded.")),
    "gate-decision": _rule(E,
        ("Fel beslut", "Wrong decision"),
        ("Beslutet {ref} är {actual}; steget kräver {expected}.",
         "The decision {ref} is {actual}; the move requires {expected}."),
        ("Steget kräver ett visst utfall av styrelsens beslut.",
         "The move requires a particular outcome of the board's decision.")),
    "gate-closing-outcome": _rule(E,
        ("Utfallet är inte tillåtet", "Outcome not allowed"),
        ("Utfallet {value} är inte tillåtet för att avsluta här; tillåtna är {allowed}.",
         "The outcome {value} is not allowed for closing here; allowed are {allowed}."),
        ("Regelprofilen anger med vilka utfall ett ärende får avslutas.",
         "The rule profile says with which outcomes a case may be closed.")),
    "closing-ref-missing": _rule(E,
        ("Beslutsreferens saknas", "Decision reference missing"),
        ("Ange beslutet som avslutar ärendet med --ref, t.ex. --ref "
         "\"{decision_body_short} § 131\".",
         "Give the decision that closes the case with --ref, e.g. --ref "
         "\"{decision_body_short} § 131\"."),
        ("Ett ärende avslutas genom ett beslut, och historiken ska visa vilket.",
         "A case is closed by a decision, and its history must show which.")),
    "closing-outcome-missing": _rule(E,
        ("Utfall saknas", "Outcome missing"),
        ("Slutrapportens rekommendation saknas, så utfallet är okänt. Ange det med: socinv "
         "close {case} --outcome implemented|partly_implemented|not_implemented --ref …",
         "The final report's recommendation is missing, so the outcome is unknown. Give it "
         "with: socinv close {case} --outcome implemented|partly_implemented|not_implemented "
         "--ref …"),
        ("Ett avslutat ärende har alltid ett utfall.", "A closed case always has an outcome.")),
    "close-outcome-stage": _rule(E,
        ("Utfallet passar inte steget", "Outcome does not fit the stage"),
        ("Ett ärende i {stage} kan inte avslutas som {outcome}. {hint}",
         "A case in {stage} cannot be closed as {outcome}. {hint}"),
        ("Avbrutet gäller pågående satsningar, återkallat och avslag ärenden före beslut, "
         "och implementerad m.fl. kräver en godkänd slutrapport.",
         "Aborted applies to running projects, withdrawn and rejected to cases before the "
         "decision, and implemented etc. need a valid final report.")),
    "decision-wrong-stage": _rule(E,
        ("Beslut i fel steg", "Decision in the wrong stage"),
        ("Beslut registreras när ärendet ligger i {expected}; det ligger i {current}.",
         "A decision is recorded while the case is in {expected}; it is in {current}."),
        ("Styrelsen beslutar om en beredd ansökan.",
         "The board decides on a prepared application.")),
    "decision-exists": _rule(E,
        ("Beslut finns redan", "Decision already recorded"),
        ("Beslutet {ref} ({outcome}, {date}) är redan registrerat. Använd --force för att "
         "ersätta det; det gamla beslutet står kvar i historiken.",
         "The decision {ref} ({outcome}, {date}) is already recorded. Use --force to replace "
         "it; the old decision stays in the history."),
        ("Ett registrerat beslut skrivs inte över av misstag.",
         "A recorded decision is not overwritten by mistake.")),
    "decision-split-missing": _rule(E,
        ("Fördelning per år saknas", "Split per year missing"),
        ("Projektet pågår {years}. Ange den preliminära fördelningen per år med --per-year, "
         "t.ex. --per-year {example}.",
         "The project runs {years}. Give the preliminary split per year with --per-year, "
         "e.g. --per-year {example}."),
        ("För fleråriga projekt ska beslutet ange preliminär fördelning mellan åren.",
         "For multi-year projects the decision gives the preliminary split between years.")),
    "decision-no-period": _rule(E,
        ("Tidsperiod saknas", "Period missing"),
        ("Projektets tidsperiod (period.start och period.end i {document}) kan inte läsas, så "
         "åren i beslutet kan inte prövas. Rätta ansökan först.",
         "The project's period (period.start and period.end in {document}) cannot be read, "
         "so the decision's years cannot be checked. Fix the application first."),
        ("Beslutets år ska ligga inom projektets tidsperiod.",
         "The decision's years must lie within the project's period.")),
    "decision-over-budget": _rule(W,
        ("Mer än vad som finns", "More than is available"),
        ("{year}: beviljat {amount}, men enligt fund.yaml finns bara {available} kvar det året "
         "(avsatt {allocated}, redan beviljat andra ärenden {granted}, ombudgeterat "
         "{rebudgeted}).",
         "{year}: granted {amount}, but fund.yaml leaves only {available} that year "
         "(allocated {allocated}, already granted to other cases {granted}, re-budgeted "
         "{rebudgeted})."),
        ("Beviljade medel finansieras ur årets avsättning till fonden.",
         "Grants are financed from the year's allocation to the fund.")),
    "report-overdue": _rule(W,
        ("Rapport försenad", "Report overdue"),
        ("Rapporten {period} saknas: {label} skulle ha lämnats {due}. Skapa den med: "
         "socinv new report {case} --period {period}",
         "The report {period} is missing: {label} was due {due}. Create it with: "
         "socinv new report {case} --period {period}"),
        ("Riktlinjen anger när pågående satsningar ska rapportera.",
         "The guideline says when running projects must report.")),
    "final-report-overdue": _rule(W,
        ("Slutrapport försenad", "Final report overdue"),
        ("Projektperioden slutade {end} men slutrapporten saknas. Skapa den med: socinv new "
         "final-report {case}",
         "The project period ended {end} but the final report is missing. Create it with: "
         "socinv new final-report {case}"),
        ("När projektperioden är slut ska satsningen slutrapporteras.",
         "When the project period ends the project writes its final report.")),
    "case-folder-unreadable": _rule(E,
        ("Ärendemappen kan inte läsas", "Case folder unreadable"),
        ("socinv får inte läsa ärendemappen (ingen läsbehörighet). Resten av fonden granskas "
         "ändå. Be den som äger mappen, eller IT, att ge läsbehörighet.",
         "socinv may not read the case folder (no read permission). The rest of the fund is "
         "checked all the same. Ask the folder's owner, or IT, for read permission."),
        ("Ett ärende som inte går att läsa kan inte granskas; det påverkar inte de andra.",
         "A case that cannot be read cannot be checked; the others are not affected.")),
    "stage-dir-linked": _rule(E,
        ("Stegmappen är en länk ut ur fonden", "Stage folder links outside the fund"),
        ("Stegmappen {name} är en länk till {target}, utanför fonden. socinv läser inget "
         "utanför fondmappen genom en länk, så det som ligger där räknas inte till fonden. "
         "Ersätt länken med en riktig mapp och flytta in ärendena.",
         "The stage folder {name} is a link to {target}, outside the fund. socinv reads "
         "nothing outside the fund folder through a link, so what is there does not count "
         "as the fund's. Replace the link with a real folder and move the cases in."),
        ("En länk till en annan fond skulle annars dra in den fondens ärenden i underlagen.",
         "A link to another fund would otherwise pull that fund's cases into the papers.")),
    "document-twice": _rule(E,
        ("Dokumentet finns i två versioner", "Document in two versions"),
        ("Ärendet har både {files}. socinv vet inte vilken som gäller: behåll den som gäller "
         "och ta bort den andra (eller flytta den ur ärendemappen).",
         "The case has both {files}. socinv cannot know which one counts: keep the one that "
         "does and delete the other (or move it out of the case folder)."),
        ("Ett dokument finns en gång i ett ärende, som YAML eller som Word – aldrig båda, "
         "eftersom de kan säga olika saker.",
         "A document is in a case once, as YAML or as Word – never both, since they may "
         "disagree.")),
    "doctor-interrupted": _rule(E,
        ("Avbrutet kommando", "Interrupted command"),
        ("socinv {command} ({by}, {started}) avbröts efter steget \"{step}\". {state}",
         "socinv {command} ({by}, {started}) was interrupted after the step \"{step}\". "
         "{state}"),
        ("Ett kommando som flyttar eller ändrar ett ärende skriver först en journal; finns "
         "journalen kvar avbröts kommandot, och socinv doctor --repair slutför eller "
         "återställer det.",
         "A command that moves or changes a case first writes a journal; a journal left "
         "behind means the command was interrupted, and socinv doctor --repair completes or "
         "rolls it back.")),
    "doctor-journal-unreadable": _rule(E,
        ("Journalen kan inte läsas", "Journal unreadable"),
        ("Journalen kan inte läsas. Kontrollera ärendet för hand och ta sedan bort filen.",
         "The journal cannot be read. Check the case by hand, then delete the file."),
        ("socinv skriver journalen atomiskt; en oläsbar journal har ändrats utifrån.",
         "socinv writes journals atomically; an unreadable one was changed from outside.")),
    "doctor-case-twice": _rule(E,
        ("Ärendet finns på flera ställen", "Case in several places"),
        ("Ärendet {case} finns i flera steg: {places}. Behåll mappen vars case.yaml har "
         "den senaste historiken och ta bort den andra.",
         "The case {case} is in several stages: {places}. Keep the folder whose case.yaml "
         "has the latest history and remove the other."),
        ("Ett ärende ligger i exakt ett steg.", "A case is in exactly one stage.")),
    "doctor-id-repeated": _rule(E,
        ("Ärende-id upprepas", "Case id repeated"),
        ("Löpnumret {number} används av flera ärenden: {cases}. Ge det senare ett nytt id "
         "(socinv new skapar alltid ett ledigt).",
         "The sequence number {number} is used by several cases: {cases}. Give the later one "
         "a new id (socinv new always picks a free one)."),
        ("Ärende-id upprepas aldrig inom en fond.", "Case ids never repeat within a fund.")),
    "doctor-unknown-dir": _rule(W,
        ("Okänd mapp", "Unknown folder"),
        ("Mappen {name} hör inte till fonden ({expected}). Flytta den eller byt namn.",
         "The folder {name} is not part of the fund ({expected}). Move or rename it."),
        ("Fondmappen innehåller stegmapparna, reports/ och fondens filer.",
         "The fund folder holds the stage folders, reports/ and the fund's files.")),
    "doctor-not-a-case": _rule(W,
        ("Inte ett ärende", "Not a case"),
        ("{name} i {stage} är inget ärende ({why}); socinv hoppar över det.",
         "{name} in {stage} is not a case ({why}); socinv skips it."),
        ("Ett ärende är en mapp med namnet ÅR-LÖPNUMMER-namn, inte en länk.",
         "A case is a folder named YEAR-SEQ-name, not a link.")),
    "doctor-temp-left": _rule(W,
        ("Rester av en avbruten skrivning", "Leftover of an interrupted write"),
        ("Tillfällig fil från en avbruten skrivning ({size} byte). Den används inte; "
         "socinv doctor --repair tar bort den.",
         "Temporary file from an interrupted write ({size} bytes). It is not used; "
         "socinv doctor --repair removes it."),
        ("socinv skriver till en tillfällig fil och byter namn på den när den är klar.",
         "socinv writes to a temporary file and renames it when it is complete.")),
    "doctor-stale-lock": _rule(W,
        ("Kvarlämnat lås", "Stale lock"),
        ("{holder} avslutades utan att släppa låset (processen finns inte längre). Låset är "
         "fritt; socinv doctor --repair tar bort uppgiften.",
         "{holder} ended without releasing the lock (the process is gone). The lock is free; "
         "socinv doctor --repair removes the record."),
        ("Låset släpps av operativsystemet när processen dör; kvar blir bara uppgiften om "
         "vem som höll det.",
         "The operating system frees the lock when the process dies; only the record of who "
         "held it remains.")),
    "doctor-history-stage": _rule(W,
        ("Historiken slutar i ett annat steg", "History ends in another stage"),
        ("Sista händelsen i historiken går till {value}, men ärendet ligger i {stage}.",
         "The last history entry goes to {value}, but the case is in {stage}."),
        ("Historiken ska berätta hur ärendet kom dit det är.",
         "The history tells how the case got where it is.")),
    "doctor-stage-dir-spelling": _rule(W,
        ("Stegmappens namn skrivet med andra tecken", "Stage folder name in other characters"),
        ("Stegmappen heter {name} i profilen men {folder} på disken: samma bokstäver, men "
         "{letters} skrivs som {form} (så skriver macOS). socinv räknar den som stegmappen; "
         "inget behöver göras.",
         "The stage folder is {name} in the profile but {folder} on disk: the same letters, "
         "but {letters} is written as {form} (as macOS writes it). socinv takes it as the "
         "stage folder; nothing needs doing."),
        ("Bokstäver som å kan lagras som ett tecken eller som a följt av en ring; socinv "
         "jämför namnen som text, inte som tecken.",
         "Letters like å can be stored as one character or as a followed by a ring; socinv "
         "compares names as text, not as characters.")),
    "doctor-stage-dir-twice": _rule(E,
        ("Två stegmappar med samma namn", "Two stage folders with the same name"),
        ("Mappen {folder} ser ut som stegmappen {name} men är en annan mapp: {letters} "
         "skrivs i den som {form}. Flytta dess ärenden till {name} och ta bort den.",
         "The folder {folder} looks like the stage folder {name} but is another folder: "
         "{letters} is written in it as {form}. Move its cases to {name} and delete it."),
        ("Två mappar vars namn bara skiljer sig i hur bokstäverna lagras ser likadana ut i "
         "Utforskaren; socinv använder bara den ena.",
         "Two folders whose names differ only in how the letters are stored look the same "
         "in the file manager; socinv uses only one.")),
    "doctor-stage-dir-missing": _rule(W,
        ("Stegmapp saknas", "Stage folder missing"),
        ("Stegmappen {name} saknas. socinv doctor --repair skapar den.",
         "The stage folder {name} is missing. socinv doctor --repair creates it."),
        ("Varje steg i regelprofilen har en mapp i fonden.",
         "Every stage in the rule profile has a folder in the fund.")),
    # --- reports ---
    "private-contact": _rule(W,
        ("Privata kontaktuppgifter", "Private contact details"),
        ("Texten innehåller {kind} ({value}). Rapporter blir allmänna handlingar – använd "
         "tjänstens kontaktuppgifter eller ta bort dem.",
         "The text contains {kind} ({value}). Reports become public records – use work "
         "contact details or remove them."),
        ("Privata e-postadresser och mobilnummer hör inte hemma i handlingar som lämnas "
         "till styrelsen.",
         "Private e-mail addresses and mobile numbers do not belong in papers for the "
         "board.")),
    "personal-identity-number": _rule(E,
        ("Personnummer i texten", "Personal identity number in the text"),
        ("Texten innehåller ett {kind} ({masked}). Underlag till {decision_body_text} är "
         "allmänna handlingar – ta bort numret.",
         "The text contains a {kind} ({masked}). Papers to {decision_body_text} are public "
         "records – remove the number."),
        ("Personnummer och samordningsnummer skrivs aldrig i beslutsunderlag och bilagor, "
         "eftersom de blir allmänna handlingar. De hittas med varje skiljetecken man skriver "
         "(ÅÅMMDD-NNNN, +, tankstreck, punkt, snedstreck, mellanslag, inget, med eller utan "
         "sekel; samordningsnummer har dag + 60): med ett skiljetecken räcker ett giltigt "
         "datum, med mellanslag eller inget krävs även rätt kontrollsiffra.",
         "Personal identity and coordination numbers are never printed in board papers and "
         "annexes, which become public records. They are found with every separator people "
         "type (YYMMDD-NNNN, +, dashes, dot, slash, space, none, with or without the "
         "century; coordination numbers have day + 60): with a separator a valid date is "
         "enough, with a space or none the check digit must be right too.")),
    "report-missing": _rule(W,
        ("Rapport saknas", "Report missing"),
        ("Rapporten {period} saknas; den skulle ha lämnats per {due}. Bilagan redovisar den "
         "som saknad.",
         "The report {period} is missing; it was due as of {due}. The annex lists it as "
         "missing."),
        ("En beviljad satsning rapporterar vid varje rapporttillfälle i profilen. En saknad "
         "rapport räknas aldrig som noll kronor.",
         "A granted investment reports at every reporting period of the profile. A missing "
         "report is never counted as zero kronor.")),
    "report-outcome-missing": _rule(W,
        ("Utfall saknas i rapporten", "Outcome missing from the report"),
        ("Rapporten {period} saknar utfall (finance.outcome). Bilagan redovisar utfallet som "
         "saknat.",
         "The report {period} has no outcome (finance.outcome). The annex lists the outcome "
         "as missing."),
        ("Bilagan till delårs- och årsbokslutet bygger på rapporternas utfall.",
         "The annex for the interim and annual accounts is built from the reports' outcomes.")),
    # --- preparation steps (socinv record) ---
    "gate-step-missing": _rule(E,
        ("Beredningssteg saknas", "Preparation step missing"),
        ("{step} saknas i ärendet{party}. Registrera det med: {command}",
         "{step} is not recorded{party}. Record it with: {command}"),
        ("Riktlinjen kräver att ärendet beretts av de grupper och parter som profilen "
         "anger (steps) innan det går vidare.",
         "The guideline requires the case to be prepared by the groups and parties the "
         "profile names (steps) before it moves on.")),
    "gate-step-position": _rule(E,
        ("Fel ställningstagande", "Wrong position"),
        ("{step}{party} är registrerat som {actual}; steget kräver {expected}.",
         "{step}{party} is recorded as {actual}; the move requires {expected}."),
        ("Grinden kräver ett visst ställningstagande, t.ex. att gruppen ställer sig bakom "
         "idén.",
         "The gate requires a particular position, e.g. that the group backs the idea.")),
    "doctor-step-unknown": _rule(W,
        ("Okänt beredningssteg", "Unknown preparation step"),
        ("Steget {step} finns inte i profilen {profile}.{hint}",
         "The step {step} is not in the profile {profile}.{hint}"),
        ("case.yaml registrerar ett steg som regelprofilen inte känner till.",
         "case.yaml records a step the rule profile does not know.")),
    "doctor-step-stage": _rule(W,
        ("Steg i fel skede", "Step in the wrong stage"),
        ("Steget {step} är registrerat i skedet {stage}; profilen har det i {stages}.",
         "The step {step} is recorded in the stage {stage}; the profile has it in {stages}."),
        ("Ett steg hör till de skeden profilen anger.",
         "A step belongs to the stages the profile names.")),
    "doctor-step-party": _rule(W,
        ("Okänd part i steg", "Unknown party in a step"),
        ("Steget {step} är registrerat för {party}, som inte är part i ärendet.",
         "The step {step} is recorded for {party}, who is not a party of the case."),
        ("Steg per part registreras för parterna i ansökan (eller idén).",
         "Steps per party are recorded for the parties of the application (or idea).")),
    "doctor-step-attachment": _rule(W,
        ("Bilaga saknas", "Attachment missing"),
        ("Bilagan {attachment} till steget {step} finns inte i ärendemappen.",
         "The attachment {attachment} of the step {step} is not in the case folder."),
        ("socinv record kopierar en bilaga in i ärendemappen; den har tagits bort sedan.",
         "socinv record copies an attachment into the case folder; it was removed since.")),
    "close-outcome-recommendation": _rule(E,
        ("Utfallet stämmer inte med slutrapporten", "Outcome disagrees with the final report"),
        ("Utfallet {outcome} stämmer inte med slutrapportens rekommendation {recommendation} "
         "(som motsvarar {expected}). Ändra --outcome eller rekommendationen.",
         "The outcome {outcome} disagrees with the final report's recommendation "
         "{recommendation} (which means {expected}). Change --outcome or the recommendation."),
        ("Ett ärende som avslutas efter slutrapporten får det utfall slutrapporten "
         "rekommenderar.",
         "A case closed after its final report gets the outcome the final report "
         "recommends.")),
    "close-reports-overdue": _rule(W,
        ("Försenade rapporter", "Overdue reports"),
        ("Rapporter som skulle ha lämnats saknas: {reports}.",
         "Reports that were due are missing: {reports}."),
        ("Ett ärende avslutas normalt först när alla rapporter har lämnats. Profilen kan "
         "göra det till ett hinder (documents.final_report.rules.reports_before_close).",
         "A case is normally closed only when every report is in. The profile can make it "
         "a blocker (documents.final_report.rules.reports_before_close).")),
    "project-plan-missing": _rule(E,
        ("Projektplan saknas", "Project plan missing"),
        ("Projektplanen saknas {days} dagar efter beslutet {ref} (senast {due}). Skapa den "
         "med: socinv new project-plan {case}",
         "The project plan is missing {days} days after the decision {ref} (due {due}). "
         "Create it with: socinv new project-plan {case}"),
        ("Efter beviljat beslut tas en projektplan fram enligt mall, inom det antal dagar "
         "profilen anger.",
         "After the grant a project plan is written from the template, within the number "
         "of days the profile gives.")),
    "round-no-funds": _rule(W,
        ("Inga medel kvar för omgången", "No funds left for the round"),
        ("Omgången {round} är årets omgång nummer {number}, men inga medel återstår för "
         "{year} ({left}). Riktlinjen håller den omgången bara om medel återstår.",
         "The round {round} is round number {number} of the year, but no funds remain for "
         "{year} ({left}). The guideline holds that round only if funds remain."),
        ("Styrelsen behandlar ansökningar en eller flera gånger per år; en senare omgång "
         "hålls bara om medel återstår för året.",
         "The board takes up applications once or more a year; a later round is held only "
         "if funds remain for the year.")),
    "project-group-incomplete": _rule(W,
        ("Projektgruppen saknar en part", "The project group lacks a party"),
        ("Projektgruppen har ingen person från {parties}. Varje ingående part utser en "
         "person till projektgruppen; lägg till en rad per part i projektplanen.",
         "The project group has nobody from {parties}. Each party names a member of the "
         "project group; add a row per party to the project plan."),
        ("Riktlinjen: varje ingående part ska utse en person som tillsammans med "
         "projektledaren bildar en projektgrupp.",
         "The guideline: each party names a person who, with the project leader, forms the "
         "project group.")),
}

#: codes of a file that could not be read at all (exit 2 wherever they are reported)
READING_CODES = frozenset(list(RULES)[:list(RULES).index("not-a-socinv-document") + 1])
