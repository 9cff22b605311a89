#!/usr/bin/env python3
"""Writes pii-corpus.jsonl: labelled texts for the PII detector's precision/recall report.

Every case is {"id", "split", "text", "entities": [{"type", "value"}]}. Values are the exact
substrings a redactor should replace (names without titles; addresses from the house number, or
the street for German and Dutch ones, to the postcode or city, whichever comes last). Pools of
names, streets, cities and sentence templates are split in two: the "holdout" cases (about a
quarter) draw only from their own half, so they test values and wordings the detector was not
tuned on. The hand-written prompts in handwritten.jsonl are appended and split the same way (by a fixed\nseed). Run: python3 generate.py > pii-corpus.jsonl (deterministic).
"""
import json, random, string, sys

R = random.Random(20261126)
cases = []

def split_pool(pool):
    pool = list(pool)
    r = random.Random(len(pool) * 7919 + sum(map(len, map(str, pool))))
    r.shuffle(pool)
    cut = max(1, len(pool) // 4)
    return {"holdout": pool[:cut], "dev": pool[cut:]}

def add(split, text, ents):
    for t, v in ents:
        assert v in text, (t, v, text)
    cases.append({"split": split, "text": text, "entities": [{"type": t, "value": v} for t, v in ents]})

def pick_split():
    return "holdout" if R.random() < 0.25 else "dev"

def rnd(chars, n):
    return "".join(R.choice(chars) for _ in range(n))

ALNUM = string.ascii_letters + string.digits
UP = string.ascii_uppercase
DIG = string.digits

def fill(split, templates, **values):
    t = R.choice(templates[split])
    return t.format(**values)

# ---------------- values ----------------
FIRST = ["Emily", "James", "Olivia", "Daniel", "Sophie", "Thomas", "Hannah", "Michael", "Laura", "Benjamin",
         "Lukas", "Anja", "Matthias", "Katrin", "Jürgen", "Franziska", "Tobias", "Leonie",
         "Camille", "Julien", "Amélie", "Nicolas", "Isabelle", "Mathieu", "Céline",
         "Carlos", "Lucía", "Javier", "Valentina", "João", "Mariana", "Giulia", "Lorenzo", "Matteo",
         "Priya", "Arjun", "Ananya", "Rahul", "Deepika", "Vikram", "Sneha", "Karthik",
         "Wei", "Mei", "Hiroshi", "Yuki", "Kenji", "Haruka", "Minjun", "Seoyeon", "Linh", "Tuan",
         "Ahmed", "Fatima", "Omar", "Layla", "Youssef", "Zeynep", "Emre", "Reza",
         "Chinedu", "Ngozi", "Kwame", "Ama", "Thabo", "Lerato", "Wanjiru", "Tunde",
         "Piotr", "Agnieszka", "Olga", "Dmitri", "Sanne", "Daan", "Henrik", "Astrid",
         "Aoife", "Rhys", "Niamh", "Callum", "Ingrid", "Björn", "Marta", "Sergio"]
LAST = ["Carter", "Whitfield", "Ashworth", "Bennett", "Sullivan", "Hughes", "Fraser", "O'Brien", "McKenzie",
        "Müller", "Schneider", "Hoffmann", "Schäfer", "Krüger", "Becker", "Wagner",
        "Dubois", "Lefebvre", "Moreau", "Fontaine", "Rousseau", "Girard",
        "García", "Fernández", "Navarro", "Oliveira", "Carvalho", "Rossi", "Esposito", "Moretti",
        "Sharma", "Iyer", "Reddy", "Banerjee", "Mehta", "Nair", "Kulkarni",
        "Zhang", "Chen", "Tanaka", "Watanabe", "Yamamoto", "Kim", "Park", "Nguyen", "Tran",
        "Haddad", "Khalil", "Mansour", "Yilmaz", "Demir", "Hosseini",
        "Okafor", "Adeyemi", "Mensah", "Owusu", "Nkosi", "Dlamini", "Mwangi",
        "Kowalski", "Nowak", "Ivanova", "Petrov", "de Vries", "van der Berg", "Jansen", "Lindqvist", "Nielsen"]
# Names the built-in lists may not know, to test capitalisation and cue words.
RARE_FIRST = ["Eluned", "Tamsin", "Oisín", "Bartholomew", "Xiomara", "Ingeborg", "Kaveh", "Nkechi", "Thandiwe", "Ruairí", "Solveig", "Anselm"]
RARE_LAST = ["Pennyfeather", "Quarshie", "Vukčević", "Oyelaran", "Throckmorton", "Aalderink", "Szczepańska", "Featherstonehaugh", "Rautenbach", "Okwuosa"]
FIRST_S, LAST_S, RF_S, RL_S = split_pool(FIRST), split_pool(LAST), split_pool(RARE_FIRST), split_pool(RARE_LAST)

def full_name(split, rare=False):
    if rare:
        return R.choice(RF_S[split] if R.random() < 0.5 else FIRST_S[split]) + " " + R.choice(RL_S[split])
    return R.choice(FIRST_S[split]) + " " + R.choice(LAST_S[split])

def email(split):
    f, l = R.choice(FIRST_S[split]), R.choice(LAST_S[split])
    f = f.lower().replace("é", "e").replace("ü", "u").replace("ö", "o").replace("ã", "a").replace("í", "i").replace("ç", "c")
    l = l.lower().replace(" ", "").replace("'", "").replace("ü", "u").replace("ä", "a").replace("á", "a").replace("é", "e").replace("í", "i")
    dom = R.choice(["example.com", "mail.example.org", "acme-corp.io", "uni-hamburg.de", "gmail.com", "outlook.fr", "company.co.uk", "startup.ai", "posteo.de", "yahoo.co.jp"])
    form = R.choice(["{f}.{l}", "{f}{l}", "{f0}{l}", "{f}_{l}{n}", "{f}.{l}+{tag}", "{l}.{f}", "{F}.{L}"])
    local = form.format(f=f, l=l, f0=f[0], n=R.randint(1, 99), tag=R.choice(["news", "billing", "work"]), F=f.capitalize(), L=l.capitalize())
    return f"{local}@{dom}"

def d(n):
    return rnd(DIG, n)

def phone(split):
    kind = R.choice(["us", "us", "gb", "gb", "de", "de", "fr", "fr", "in", "br", "jp", "au"])
    ex = str(R.choice([2, 3, 4, 5, 6, 7, 8, 9])) + d(2)
    if kind == "us":
        area = R.choice(["212", "415", "312", "617", "303", "206", "512", "404", "305", "646", "718", "213"])
        while ex[1:] == "11":
            ex = str(R.randint(2, 9)) + d(2)
        line = d(4)
        return R.choice([f"({area}) {ex}-{line}", f"{area}-{ex}-{line}", f"+1 {area} {ex} {line}", f"+1 ({area}) {ex}-{line}", f"{area}.{ex}.{line}", f"+1-{area}-{ex}-{line}"])
    if kind == "gb":
        return R.choice([f"+44 20 7{d(3)} {d(4)}", f"020 7{d(3)} {d(4)}", f"07{R.choice('4579')}{d(2)} {d(6)}", f"+44 7{R.choice('4579')}{d(2)} {d(6)}", f"0161 {R.randint(2,9)}{d(2)} {d(4)}", f"+44 (0)20 8{d(3)} {d(4)}"])
    if kind == "de":
        return R.choice([f"+49 30 {R.randint(2,9)}{d(7)}", f"030 {R.randint(2,9)}{d(7)}", f"0151 {d(8)}", f"+49 151 {d(8)}", f"089 {R.randint(2,9)}{d(6)}", f"+49 (0)89 {R.randint(2,9)}{d(6)}", f"0221/{R.randint(2,9)}{d(6)}", f"+49-40-{R.randint(2,9)}{d(7)}"])
    if kind == "fr":
        p = lambda: " ".join(d(2) for _ in range(4))
        return R.choice([f"+33 1 {p()}", f"01 {p()}", f"06 {p()}", f"+33 6 {p()}", f"07 {p()}", f"04.{d(2)}.{d(2)}.{d(2)}.{d(2)}", f"+33 (0)1 {p()}"])
    if kind == "in":
        m = str(R.choice([6, 7, 8, 9])) + d(4)
        return R.choice([f"+91 {m} {d(5)}", f"+91-{m}-{d(5)}", f"0{m} {d(5)}", f"+91 22 {R.randint(2,6)}{d(3)} {d(4)}"])
    if kind == "br":
        return R.choice([f"+55 11 9{d(4)}-{d(4)}", f"(11) 9{d(4)}-{d(4)}", f"+55 21 {R.randint(2,3)}{d(3)}-{d(4)}", f"(21) 9{d(4)}-{d(4)}"])
    if kind == "jp":
        return R.choice([f"+81 3-{d(4)}-{d(4)}", f"03-{d(4)}-{d(4)}", f"090-{d(4)}-{d(4)}", f"+81 90 {d(4)} {d(4)}", f"06-{d(4)}-{d(4)}"])
    return R.choice([f"+61 2 9{d(3)} {d(4)}", f"(02) 9{d(3)} {d(4)}", f"04{d(2)} {d(3)} {d(3)}", f"+61 4{d(2)} {d(3)} {d(3)}", f"(03) 9{d(3)} {d(4)}"])

def luhn_complete(prefix, length):
    digits = prefix + d(length - len(prefix) - 1)
    for c in "0123456789":
        s = digits + c
        tot = 0
        for i, ch in enumerate(reversed(s)):
            x = int(ch)
            if i % 2 == 1:
                x *= 2
                if x > 9: x -= 9
            tot += x
        if tot % 10 == 0:
            return s
    raise AssertionError

def card(split):
    kind = R.choice(["visa", "visa", "mc", "mc2", "amex", "disc", "jcb"])
    if kind == "amex":
        n = luhn_complete(R.choice(["34", "37"]), 15)
        return R.choice([n, f"{n[:4]} {n[4:10]} {n[10:]}", f"{n[:4]}-{n[4:10]}-{n[10:]}"])
    pre = {"visa": "4", "mc": str(R.randint(51, 55)), "mc2": str(R.randint(2221, 2720)), "disc": "6011", "jcb": "35" + str(R.randint(28, 89))}[kind]
    n = luhn_complete(pre, 16)
    return R.choice([n, " ".join(n[i:i+4] for i in range(0, 16, 4)), "-".join(n[i:i+4] for i in range(0, 16, 4))])

def iban_check(country, bban):
    s = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in s)
    return f"{country}{98 - int(num) % 97:02d}{bban}"

def iban(split):
    c = R.choice(["DE", "GB", "FR", "NL", "ES", "IT", "BE", "CH", "AT", "PL"])
    bban = {"DE": lambda: d(18), "GB": lambda: rnd(UP, 4) + d(14), "FR": lambda: d(10) + rnd(UP + DIG, 11) + d(2), "NL": lambda: rnd(UP, 4) + d(10),
            "ES": lambda: d(20), "IT": lambda: rnd(UP, 1) + d(10) + rnd(UP + DIG, 12), "BE": lambda: d(12), "CH": lambda: d(5) + rnd(UP + DIG, 12),
            "AT": lambda: d(16), "PL": lambda: d(24)}[c]()
    v = iban_check(c, bban)
    return v if R.random() < 0.4 else " ".join(v[i:i+4] for i in range(0, len(v), 4))

def ssn(split):
    while True:
        a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
        if a != 666 and (a, g, s) != (123, 45, 6789) and (a, g, s) != (78, 5, 1120):
            break
    return R.choice([f"{a:03d}-{g:02d}-{s:04d}"] * 4 + [f"{a:03d} {g:02d} {s:04d}", f"{a:03d}{g:02d}{s:04d}"])

def ipv4(split):
    return ".".join(str(x) for x in [R.choice([10, 172, 192, 81, 203, 45, 88, 151, 34, 99]), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)])

def ipv6(split):
    groups = [format(R.randint(0, 0xffff), "x") for _ in range(8)]
    return R.choice(["2001:db8:" + ":".join(groups[2:]), "fe80::" + ":".join(groups[4:]), "2001:0db8:85a3:0000:0000:8a2e:0370:" + format(R.randint(0, 0xffff), "04x"), "2a00:1450:4001:82" + str(R.randint(0, 9)) + "::200e", "::ffff:" + ipv4(split)])

def url_cred(split):
    host = R.choice(["api.example.com", "files.acme-corp.io", "db.internal.example.net", "storage.example.org", "hooks.example.com"])
    tok = rnd(ALNUM, R.randint(20, 40))
    return R.choice([
        f"https://{R.choice(['admin', 'deploy', 'svc_user'])}:{rnd(ALNUM, 12)}@{host}/v1/export",
        f"postgres://app:{rnd(ALNUM, 14)}@{host}:5432/orders",
        f"mongodb+srv://reporting:{rnd(ALNUM, 16)}@cluster0.example.mongodb.net/prod",
        f"https://{host}/download?file=report.pdf&token={tok}",
        f"https://{host}/v2/items?api_key={tok}",
        f"https://{host}/reset?access_token={tok}&user=42",
        f"https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101&X-Amz-Signature={rnd('0123456789abcdef', 64)}",
        f"https://{host}/share/doc?sig={rnd(ALNUM, 32)}&se=2025-01-01",
        f"redis://default:{rnd(ALNUM, 20)}@{host}:6379",
        f"ftp://backup:{rnd(ALNUM, 10)}@{host}/dumps/",
    ])

def secret(split):
    return R.choice([
        "sk-proj-" + rnd(ALNUM + "_-", 48),
        "sk-" + rnd(ALNUM, 48),
        "sk-ant-api03-" + rnd(ALNUM + "_-", 93) + "AA",
        "AKIA" + rnd(UP + "234567", 16),
        "ghp_" + rnd(ALNUM, 36),
        "github_pat_11" + rnd(UP + DIG, 20) + "_" + rnd(ALNUM, 59),
        "xoxb-" + d(12) + "-" + d(13) + "-" + rnd(ALNUM, 24),
        "xoxp-" + d(11) + "-" + d(11) + "-" + d(13) + "-" + rnd("abcdef0123456789", 32),
        "sk_live_" + rnd(ALNUM, 24),
        "rk_live_" + rnd(ALNUM, 32),
        "AIza" + rnd(ALNUM + "_-", 35),
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI" + rnd(ALNUM, 30) + "." + rnd(ALNUM + "_-", 43),
        "hf_" + rnd(ALNUM, 34),
        "glpat-" + rnd(ALNUM + "_-", 20),
    ])

def aws_secret():
    while True:
        v = rnd(ALNUM + "/+", 40)
        if any(c.islower() for c in v) and any(c.isupper() for c in v) and any(c.isdigit() for c in v):
            return v

def private_key():
    body = "\n".join(rnd(ALNUM + "+/", 64) for _ in range(R.randint(3, 6)))
    kind = R.choice(["RSA ", "EC ", "OPENSSH ", ""])
    return f"-----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----"

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]

def date_value(lang="en"):
    y, m, dd = R.randint(1940, 2008), R.randint(1, 12), R.randint(1, 28)
    if lang == "de":
        return R.choice([f"{dd:02d}.{m:02d}.{y}", f"{dd}. {MONTHS_DE[m-1]} {y}"])
    if lang == "fr":
        return R.choice([f"{dd:02d}/{m:02d}/{y}", f"{dd} {MONTHS_FR[m-1]} {y}"])
    return R.choice([f"{y}-{m:02d}-{dd:02d}", f"{m:02d}/{dd:02d}/{y}", f"{dd:02d}/{m:02d}/{y}", f"{MONTHS_EN[m-1]} {dd}, {y}", f"{dd} {MONTHS_EN[m-1]} {y}", f"{MONTHS_EN[m-1][:3]} {dd}, {y}"])

US_STREETS = split_pool(["Maple Avenue", "Oak Street", "Elm Street", "Sunset Boulevard", "Pine Road", "Lakeview Drive", "Cedar Lane", "Washington Avenue", "Park Place", "Highland Court", "Mission Street", "Peachtree Road", "River Road", "Madison Ave", "Main St"])
US_CITIES = split_pool([("Springfield", "IL"), ("Austin", "TX"), ("Portland", "OR"), ("Denver", "CO"), ("San Francisco", "CA"), ("Boston", "MA"), ("Atlanta", "GA"), ("Seattle", "WA"), ("New York", "NY"), ("Columbus", "OH"), ("Raleigh", "NC"), ("Phoenix", "AZ")])
UK_STREETS = split_pool(["Baker Street", "Station Road", "Church Lane", "Victoria Road", "King's Road", "Mill Lane", "Queen Street", "Elm Grove", "Park Avenue", "Orchard Close", "Albert Square", "Castle Hill"])
UK_CITIES = split_pool([("London", "NW1 6XE"), ("Manchester", "M1 2AB"), ("Leeds", "LS1 4DY"), ("Bristol", "BS1 5TR"), ("Edinburgh", "EH1 1YZ"), ("Cardiff", "CF10 3AT"), ("Oxford", "OX1 2JD"), ("Glasgow", "G2 3PQ"), ("York", "YO1 7HH")])
DE_STREETS = split_pool(["Hauptstraße", "Bahnhofstraße", "Lindenweg", "Goethestraße", "Schillerplatz", "Kastanienallee", "Friedrichstraße", "Am Markt", "Berliner Straße", "Rosenweg", "Mozartstraße", "Hafenstraße", "Kirchgasse"])
DE_CITIES = split_pool([("10115", "Berlin"), ("80331", "München"), ("20095", "Hamburg"), ("50667", "Köln"), ("60311", "Frankfurt am Main"), ("70173", "Stuttgart"), ("04109", "Leipzig"), ("01067", "Dresden"), ("28195", "Bremen"), ("90402", "Nürnberg")])
FR_STREETS = split_pool(["rue de la Paix", "avenue des Champs-Élysées", "boulevard Saint-Michel", "rue Victor Hugo", "place Bellecour", "rue du Faubourg Saint-Honoré", "allée des Tilleuls", "chemin des Vignes", "quai de la Tournelle", "rue Nationale", "avenue Jean Jaurès", "impasse des Lilas"])
FR_CITIES = split_pool([("75002", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("31000", "Toulouse"), ("33000", "Bordeaux"), ("59000", "Lille"), ("44000", "Nantes"), ("67000", "Strasbourg"), ("06000", "Nice"), ("42000", "Saint-Étienne")])
NL_STREETS = split_pool(["Keizersgracht", "Prinsengracht", "Damstraat", "Kalverstraat", "Coolsingel", "Oudegracht", "Laan van Meerdervoort", "Stationsweg", "Vondelstraat", "Herengracht", "Markt", "Dorpsstraat"])
NL_CITIES = split_pool([("1015 CJ", "Amsterdam"), ("3011 AD", "Rotterdam"), ("3511 AB", "Utrecht"), ("2514 EA", "Den Haag"), ("5611 AZ", "Eindhoven"), ("9711 LM", "Groningen"), ("2311 EZ", "Leiden")])

def address(split):
    kind = R.choice(["us", "uk", "de", "fr", "nl"])
    if kind == "us":
        c, st = R.choice(US_CITIES[split])
        unit = R.choice(["", "", f", Apt {R.randint(1, 40)}", f", Suite {R.randint(100, 900)}"])
        return f"{R.randint(1, 9999)} {R.choice(US_STREETS[split])}{unit}, {c}, {st} {d(5)}", kind
    if kind == "uk":
        c, pc = R.choice(UK_CITIES[split])
        num = R.choice([str(R.randint(1, 250)), f"{R.randint(1, 250)}B", f"Flat {R.randint(1, 9)}, {R.randint(1, 99)}"])
        return R.choice([f"{num} {R.choice(UK_STREETS[split])}, {c} {pc}", f"{num} {R.choice(UK_STREETS[split])}, {c}, {pc}"]), kind
    if kind == "de":
        pc, c = R.choice(DE_CITIES[split])
        num = R.choice([str(R.randint(1, 180)), f"{R.randint(1, 90)}a", f"{R.randint(1, 90)}b"])
        return f"{R.choice(DE_STREETS[split])} {num}, {pc} {c}", kind
    if kind == "fr":
        pc, c = R.choice(FR_CITIES[split])
        num = R.choice([str(R.randint(1, 200)), f"{R.randint(1, 40)} bis"])
        return f"{num} {R.choice(FR_STREETS[split])}, {pc} {c}", kind
    pc, c = R.choice(NL_CITIES[split])
    num = R.choice([str(R.randint(1, 400)), f"{R.randint(1, 200)}A", f"{R.randint(1, 200)}-2"])
    return R.choice([f"{R.choice(NL_STREETS[split])} {num}, {pc} {c}", f"{R.choice(NL_STREETS[split])} {num}, {pc}, {c}"]), kind

# ---------------- templates ----------------
def T(dev, holdout):
    return {"dev": dev, "holdout": holdout}

T_EMAIL = T(["Please send the invoice to {v} by Friday.", "Contact: {v}", "My email is {v}, reply there.", "cc {v} on the thread",
             "Die Bestätigung ging an {v}.", "Forward it to <{v}> please.", "user={v} failed login"],
            ["Écrivez-moi à {v} si besoin.", "Reach out at {v}.", "The account owner ({v}) asked for a refund."])
T_PHONE = T(["Call me on {v} after 5pm.", "Phone: {v}", "You can reach the front desk at {v}.", "Mobil: {v}", "My cell is {v}",
             "Please ring {v} to confirm.", "Tel. {v} (office)", "Téléphone : {v}", "WhatsApp me at {v}."],
            ["Her number is {v}.", "Contact number {v} — available weekdays.", "If urgent dial {v}.", "Telefon {v}, ab 9 Uhr erreichbar."])
T_CARD = T(["Charge it to my card {v}, expiry 09/27.", "Card number: {v}", "The customer paid with Visa {v}.", "CC {v} was declined twice.",
            "Please refund to the credit card ending in the number {v}."],
           ["Kreditkarte {v} bitte belasten.", "Payment card {v} on file.", "use {v} for the booking"])
T_IBAN = T(["Please transfer the deposit to IBAN {v}.", "IBAN: {v}", "Bankverbindung: {v} (Sparkasse)", "Refund to {v} please.", "My account is {v}."],
           ["Virement sur le compte {v} merci.", "Beneficiary IBAN {v}", "pay into {v} by the 5th"])
T_SSN = T(["My SSN is {v}.", "Social Security Number: {v}", "SSN {v} on the W-2 form", "Employee social security no. {v}"],
          ["The applicant's SSN: {v}", "ssn={v}", "social security {v} needs verification"])
T_IP = T(["The request came from {v} at 03:12 UTC.", "Client IP: {v}", "ssh admin@{v} failed", "Blocked {v} after 5 attempts.", "server address {v}"],
         ["Login from IP {v} was flagged.", "src={v} dst=gateway", "whitelist {v} in the firewall"])
T_URL = T(["Use {v} to fetch the export.", "Connection string: {v}", "The link {v} expires tomorrow.", "curl '{v}'"],
          ["DATABASE_URL={v}", "I pasted {v} into the config.", "Open {v} for the file."])
T_SECRET = T(["Here is my API key: {v}", "export OPENAI_API_KEY={v}", "token {v} stopped working", "Authorization: Bearer {v}", "key = \"{v}\""],
             ["Why does {v} return 401?", "I accidentally committed {v} to the repo.", "Use the credential {v} for staging."])
T_DOB = T(["Date of birth: {v}", "She was born on {v} in Leeds.", "DOB {v}", "Patient (born {v}) reports chest pain.", "My birthday is {v}.",
           "geboren am {v} in Köln"],
          ["Birth date: {v}", "né le {v} à Lyon", "The child's date of birth is {v}.", "Geburtsdatum: {v}"])
T_ADDR = T(["Ship it to {v}.", "Address: {v}", "We moved to {v} last month.", "The office is at {v}.", "Lieferadresse: {v}", "Adresse : {v}"],
           ["Please deliver to {v}, ring twice.", "Invoice address {v}", "Our new home: {v}"])
T_NAME_CUE = T(["My name is {v}.", "Dear {v},", "Patient: {v}", "Signed, {v}", "Please ask {v} to review.", "Meeting with {v} on Tuesday.",
                "Best regards,\n{v}", "Ich heiße {v}.", "Je m'appelle {v}."],
               ["Customer name: {v}", "Thanks, {v}", "The tenant {v} reported a leak.", "Me llamo {v}."])
T_NAME_BARE = T(["{v} approved the budget yesterday.", "I forwarded the draft to {v} and the legal team.", "Can you check whether {v} signed the contract?",
                 "{v} will join the call late.", "The report was written by {v} in 2021.", "According to {v}, the deadline moved."],
                ["{v} left the company in March.", "Summarise the complaint {v} sent about the delivery.", "Was {v} on the guest list?"])
T_NAME_TITLE = T(["Dr. {v} will see you at 10.", "Mr {v} called about the order.", "Mrs. {v} requested a callback.", "Prof. {v} reviewed the paper.",
                  "Frau {v} hat angerufen.", "Mme {v} est absente."],
                 ["Ms {v} confirmed the booking.", "Herr {v} kommt morgen.", "Dr {v} signed off the results."])

def gen_simple(type_, fn, templates, n):
    for _ in range(n):
        s = pick_split()
        v = fn(s)
        add(s, fill(s, templates, v=v), [(type_, v)])

gen_simple("Email", email, T_EMAIL, 45)
gen_simple("Phone", phone, T_PHONE, 60)
gen_simple("CreditCard", card, T_CARD, 40)
gen_simple("Iban", iban, T_IBAN, 40)
gen_simple("UsSsn", ssn, T_SSN, 35)
gen_simple("IpAddress", lambda s: ipv4(s) if R.random() < 0.65 else ipv6(s), T_IP, 40)
gen_simple("UrlWithCredentials", url_cred, T_URL, 35)
gen_simple("Secret", secret, T_SECRET, 45)
for _ in range(8):
    s = pick_split()
    v = aws_secret()
    add(s, R.choice([f"aws_secret_access_key = {v}", f"AWS secret: {v}", f"AWS_SECRET_ACCESS_KEY={v}"]), [("Secret", v)])
for _ in range(6):
    s = pick_split()
    v = private_key()
    add(s, R.choice(["Here is the deploy key:\n", "id_rsa contents:\n", "Why won't ssh accept this?\n"]) + v, [("Secret", v)])
for _ in range(8):
    s = pick_split()
    v = rnd(ALNUM, R.randint(4, 8)) + R.choice(["!", "#", "$", "_", "9", "2024"]) + rnd(ALNUM, 4)
    add(s, R.choice([f"password: {v}", f'DB_PASSWORD="{v}"', f"The wifi password = {v}", f"client_secret: {v}"]), [("Secret", v)])
for _ in range(40):
    s = pick_split()
    lang = R.choice(["en", "en", "de", "fr"])
    v = date_value(lang)
    tpl = {"en": T(T_DOB["dev"][:5], T_DOB["holdout"][:1] + T_DOB["holdout"][2:3]), "de": T(["geboren am {v} in Köln", "Geburtsdatum: {v}"], ["Geburtsdatum: {v}"]),
           "fr": T(["né le {v} à Lyon", "Date de naissance : {v}"], ["né le {v} à Lyon"])}[lang]
    add(s, fill(s, tpl, v=v), [("DateOfBirth", v)])
for _ in range(60):
    s = pick_split()
    v, _kind = address(s)
    add(s, fill(s, T_ADDR, v=v), [("Address", v)])
for _ in range(35):
    s = pick_split()
    v = full_name(s, rare=R.random() < 0.3)
    add(s, fill(s, T_NAME_CUE, v=v), [("Person", v)])
for _ in range(45):
    s = pick_split()
    v = full_name(s)
    add(s, fill(s, T_NAME_BARE, v=v), [("Person", v)])
for _ in range(20):
    s = pick_split()
    v = R.choice(LAST_S[s]) if R.random() < 0.5 else full_name(s)
    add(s, fill(s, T_NAME_TITLE, v=v), [("Person", v)])
for _ in range(12):
    s = pick_split()
    v = R.choice(FIRST_S[s])
    add(s, R.choice([f"Hi {v}, thanks for the update.", f"Dear {v},\nplease find attached the report.", f"Hello {v}! Are we still on for lunch?"]), [("Person", v)])

# Mixed: several entities in one prompt.
for _ in range(45):
    s = pick_split()
    n, e, p = full_name(s), email(s), phone(s)
    a, _kind = address(s)
    card_v, ip_v = card(s), ipv4(s)
    choice = R.randint(0, 4)
    if choice == 0:
        add(s, f"Hi, I'm {n}. You can email me at {e} or call {p}. Thanks!", [("Person", n), ("Email", e), ("Phone", p)])
    elif choice == 1:
        add(s, f"Customer {n} ({e}) wants the parcel sent to {a} instead.", [("Person", n), ("Email", e), ("Address", a)])
    elif choice == 2:
        add(s, f"Refund order 4471-2209 for {n}; card {card_v}; contact phone {p}.", [("Person", n), ("CreditCard", card_v), ("Phone", p)])
    elif choice == 3:
        dob = date_value()
        add(s, f"Patient {n}, date of birth {dob}, lives at {a}. Email: {e}", [("Person", n), ("DateOfBirth", dob), ("Address", a), ("Email", e)])
    else:
        sec = secret(s)
        add(s, f"{n} reported that requests from {ip_v} fail with key {sec}. Version 2.4.1, build 20240117.", [("Person", n), ("IpAddress", ip_v), ("Secret", sec)])

# ---------------- false-positive traps (no entities) ----------------
def uuid():
    h = rnd("0123456789abcdef", 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

TRAPS = [
    lambda: f"Order #{d(8)} shipped on {R.randint(2019, 2025)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}.",
    lambda: f"Your order number is {d(3)}-{d(7)}-{d(7)}; keep it for returns.",
    lambda: f"Invoice INV-{d(6)} totals ${R.randint(10, 9999)}.{d(2)} including VAT.",
    lambda: f"Upgrade from version {R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 30)} to {R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 30)} before Monday.",
    lambda: f"Release v{R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 99)} fixes the memory leak.",
    lambda: f"The meeting is on {R.randint(2023, 2026)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d} at 14:00.",
    lambda: f"Report period: {R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(2020, 2025)} to {R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(2020, 2025)}.",
    lambda: f"It costs €{R.randint(1, 999)},{d(2)} or ${R.randint(1000, 99999):,}.{d(2)} in bulk.",
    lambda: f"Tracking code 1Z{rnd(UP + DIG, 6)}{d(10)} — expected delivery Thursday.",
    lambda: f"DHL shipment {d(10)} left the hub; parcel ref JD{d(16)}.",
    lambda: f"Request id {uuid()} failed with status 503.",
    lambda: f"commit {rnd('0123456789abcdef', 40)} reverted the change",
    lambda: f"sha256: {rnd('0123456789abcdef', 64)}",
    lambda: f"md5 {rnd('0123456789abcdef', 32)} matches the download.",
    lambda: "for (int i = 0; i < items.Count; i++) { total += items[i].Price * 1.19m; }",
    lambda: "def get_user(user_id: int) -> User:\n    return session.query(User).filter(User.id == user_id).first()",
    lambda: "const token = process.env.API_TOKEN; // never hard-code secrets",
    lambda: "password = os.environ[\"DB_PASSWORD\"]",
    lambda: f"Set timeout to {R.randint(100, 99999)} ms and retries to {R.randint(1, 9)}.",
    lambda: f"The population grew from {R.randint(1000000, 9999999):,} to {R.randint(1000000, 9999999):,} between 2010 and 2020.",
    lambda: f"ISBN 978-{R.randint(0, 1)}-{d(3)}-{d(5)}-{R.randint(0, 9)} is out of print.",
    lambda: f"Ticket JIRA-{d(4)} is blocked by PR #{d(4)}.",
    lambda: "Summarise the attached quarterly report in three bullet points.",
    lambda: "Translate 'good morning' into German, French and Japanese.",
    lambda: "Write a haiku about autumn leaves in Kyoto.",
    lambda: "The Eiffel Tower is in Paris and the Brandenburg Gate is in Berlin.",
    lambda: "Explain the difference between TCP and UDP in simple terms.",
    lambda: f"Flight LH{d(3)} departs at {R.randint(0, 23):02d}:{R.randint(0, 59):02d} from gate B{R.randint(1, 60)}.",
    lambda: f"Temperature readings: {R.randint(10, 40)}.{d(1)}, {R.randint(10, 40)}.{d(1)}, {R.randint(10, 40)}.{d(1)} °C.",
    lambda: f"Use docker image python:3.{R.randint(8, 13)}-slim and node:{R.randint(16, 22)}.{R.randint(0, 9)}.{R.randint(0, 9)}.",
    lambda: f"Part number {d(3)}-{d(2)}-{d(4)}-{d(3)} is discontinued.",
    lambda: f"SKU {d(12)} is out of stock; reorder {R.randint(10, 500)} units.",
    lambda: "Microsoft Word and Google Docs both support track changes.",
    lambda: "New York Times reported that Apple Park opened in Cupertino.",
    lambda: f"Latitude {R.randint(-89, 89)}.{d(6)}, longitude {R.randint(-179, 179)}.{d(6)}.",
    lambda: f"Compare Python 3.12 with Java 21 for a REST API; we use Spring Boot 3.{R.randint(0, 4)}.{R.randint(0, 9)}.",
    lambda: "The function returns a std::vector<int> and uses std::map::find.",
    lambda: f"Error code 0x{rnd('0123456789ABCDEF', 8)} at address 0x{rnd('0123456789abcdef', 12)}.",
    lambda: f"Batch {d(6)} processed {R.randint(1000, 99999)} rows in {R.randint(1, 59)}.{d(2)} s.",
    lambda: "The sample key is YOUR_API_KEY_HERE and the password is <redacted>.",
    lambda: f"Our revenue was ${R.randint(1, 99)}.{R.randint(1, 9)} million in Q{R.randint(1, 4)} 2024, up {R.randint(1, 40)}%.",
    lambda: "Mix 200 g flour, 3 eggs and 250 ml milk; bake at 180 °C for 25 minutes.",
    lambda: f"Reference {rnd(UP, 3)}-{d(4)}-{rnd(UP, 2)} was cancelled.",
    lambda: f"Set the heap to {R.randint(1, 64)}g and the port to {R.randint(1024, 65535)}.",
    lambda: "Grace period ends in May; Will it be extended? April showers bring flowers.",
    lambda: "Spring Boot, React Native and Visual Studio Code are on the approved list.",
    lambda: f"Kubernetes v1.{R.randint(20, 31)}.{R.randint(0, 9)} reached end of life.",
    lambda: f"Chapter {R.randint(1, 30)}, Section {R.randint(1, 9)}.{R.randint(1, 9)}.{R.randint(1, 9)} defines the terms.",
    lambda: f"Timestamp 2024-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z, latency {R.randint(1, 999)} ms.",
]
TRAPS_S = split_pool(list(range(len(TRAPS))))
for _ in range(110):
    s = pick_split()
    add(s, TRAPS[R.choice(TRAPS_S[s])](), [])

# Hand-written prompts (handwritten.jsonl): realistic wording, several entities, harder traps.
HR = random.Random(75)
import os
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "handwritten.jsonl"), encoding="utf-8") as f:
    for line in f:
        if line.strip():
            o = json.loads(line)
            add("holdout" if HR.random() < 0.3 else "dev", o["text"], [tuple(e) for e in o["entities"]])

# A second held-out set, "fresh": hand-written after the held-out split had been looked at once,
# measured once and never tuned on (see docs/pii.md).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fresh.jsonl"), encoding="utf-8") as f:
    for line in f:
        if line.strip():
            o = json.loads(line)
            add("fresh", o["text"], [tuple(e) for e in o["entities"]])

for i, c in enumerate(cases):
    c["id"] = f"c{i + 1:04d}"
    print(json.dumps({"id": c["id"], "split": c["split"], "text": c["text"], "entities": c["entities"]}, ensure_ascii=False))
