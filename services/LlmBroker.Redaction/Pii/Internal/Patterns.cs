using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>The source-generated patterns behind the recognizers (cheap first passes; checks follow in code).</summary>
internal static partial class Patterns
{
    private const RegexOptions Fast = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    [GeneratedRegex(@"(?<![\w.%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}\.)+[A-Za-z]{2,24}(?![\w\-])", Fast)]
    public static partial Regex Email();

    [GeneratedRegex(@"(?<![\w+(])(?:\+\d|\(\+?\d|\d)[\d \-./()]{5,22}\d(?![\w])", Fast)]
    public static partial Regex PhoneCandidate();

    [GeneratedRegex(@"(?<![\d\-])\d(?:[ \-]?\d){12,18}(?![\d\-])", Fast)]
    public static partial Regex CardCandidate();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,34}", Fast)]
    public static partial Regex IbanCandidate();

    [GeneratedRegex(@"(?<![\d\-])(?<a>\d{3})(?<s>[\- ]?)(?<g>\d{2})\k<s>(?<n>\d{4})(?![\d\-])", RegexOptions.CultureInvariant)]
    public static partial Regex Ssn();

    [GeneratedRegex(@"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)", Fast)]
    public static partial Regex IPv4();

    [GeneratedRegex(@"(?:(?<![\w:.])|(?<=(?<![\w:.])[A-Za-z][A-Za-z_\-]*[A-Za-z]:))(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})(?:(?![\w:])|(?=:(?:\s|$))|(?=:\d{1,5}(?![\w:.])))", Fast)]
    public static partial Regex IPv6Candidate();

    [GeneratedRegex(@"\b(?:https?|ftps?|sftp|ssh|wss?|s3|postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|jdbc:[a-z]+)://[^\s<>""'`\])}]+", Fast | RegexOptions.IgnoreCase)]
    public static partial Regex Url();

    // Vendor key formats.
    [GeneratedRegex(@"(?<![\w\-])sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_\-]{20,}", Fast)]
    public static partial Regex AnthropicKey();

    [GeneratedRegex(@"(?<![\w\-])sk-(?!ant-)(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_\-]{20,}(?![\w\-])", Fast)]
    public static partial Regex OpenAiKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{14,20}(?![A-Za-z0-9])", Fast)]
    public static partial Regex AwsAccessKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])", Fast)]
    public static partial Regex AwsSecretCandidate();

    [GeneratedRegex(@"(?<![\w])(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{40,255})(?![\w])", Fast)]
    public static partial Regex GitHubToken();

    [GeneratedRegex(@"(?<![\w\-])(?:xox[abposre]-[A-Za-z0-9\-]{10,250}|xapp-\d-[A-Za-z0-9\-]{20,250})(?![\w\-])", Fast)]
    public static partial Regex SlackToken();

    /// <summary>Incoming-webhook URLs whose path is the credential (Slack, Discord, Microsoft Teams).</summary>
    [GeneratedRegex(@"https://(?:hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_\-]+/[A-Za-z0-9_/\-]{16,}|(?:discord(?:app)?\.com)/api/webhooks/\d{5,}/[A-Za-z0-9_\-]{30,}|[\w\-]+\.webhook\.office\.com/webhookb2/[A-Za-z0-9@/_\-]{30,})", Fast)]
    public static partial Regex WebhookUrl();

    /// <summary>An Authorization header value: <c>Bearer …</c>, <c>Basic …</c>, <c>token …</c>.</summary>
    [GeneratedRegex(@"\b(?:Bearer|Basic|Token|token)\s+(?<value>[A-Za-z0-9\-._~+/]{16,}=*)(?![\w\-])", RegexOptions.CultureInvariant)]
    public static partial Regex AuthorizationValue();

    [GeneratedRegex(@"(?<![\w])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,247}(?![\w])|(?<![\w])whsec_[A-Za-z0-9]{24,}(?![\w])", Fast)]
    public static partial Regex StripeKey();

    [GeneratedRegex(@"(?<![\w\-])AIza[0-9A-Za-z_\-]{30,40}(?![\w\-])", Fast)]
    public static partial Regex GoogleApiKey();

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----[\s\S]{16,16384}?-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----", Fast)]
    public static partial Regex PrivateKey();

    [GeneratedRegex(@"(?<![\w\-])eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,}(?![\w\-])", Fast)]
    public static partial Regex Jwt();

    /// <summary>
    /// Vendor tokens with a fixed prefix: Hugging Face, GitLab (personal, deploy, runner, trigger, feed and OAuth
    /// tokens), npm, PyPI, SendGrid, DigitalOcean, Shopify, Databricks, Groq, Replicate, Perplexity, xAI, Linear,
    /// Postman, HashiCorp Vault, Doppler, Grafana, Sentry, New Relic, Atlassian, Google OAuth, Mailgun, age, Square,
    /// Notion, Alibaba Cloud, Mapbox, Dynatrace, Figma, RubyGems, NuGet, Telegram bots, Mailgun (new format).
    /// </summary>
    [GeneratedRegex(@"(?<![\w])(?:hf_[A-Za-z0-9]{25,}|api_org_[A-Za-z0-9]{30,}|gl(?:pat|dt|rt|ptt|ft|soat|imt|cbt|oas)-[A-Za-z0-9_\-]{20,}|npm_[A-Za-z0-9]{30,40}|pypi-[A-Za-z0-9_\-]{50,}|SG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{30,50}"
        + @"|do[opr]_v1_[a-f0-9]{64}|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|dapi[a-f0-9]{32}(?:-\d)?|gsk_[A-Za-z0-9]{40,}|r8_[A-Za-z0-9]{30,}|pplx-[A-Za-z0-9]{40,}|xai-[A-Za-z0-9]{50,}|lin_api_[A-Za-z0-9]{30,}"
        + @"|PMAK-[a-f0-9]{24}-[a-f0-9]{34}|hv[sb]\.[A-Za-z0-9_\-]{24,}|dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}|glsa_[A-Za-z0-9]{32}_[a-fA-F0-9]{8}|glc_[A-Za-z0-9+/=]{32,}|sntr[ysu]s?_[A-Za-z0-9+/=_]{40,}"
        + @"|NRAK-[A-Z0-9]{27}|ATATT3[A-Za-z0-9_\-=]{100,}|GOCSPX-[A-Za-z0-9_\-]{24,}|ya29\.[A-Za-z0-9_\-]{30,}|key-[0-9a-f]{32}|AGE-SECRET-KEY-1[0-9A-Z]{58}|sq0(?:atp|csp)-[A-Za-z0-9_\-]{22,}"
        + @"|ntn_[A-Za-z0-9]{40,}|secret_[A-Za-z0-9]{43}|LTAI[A-Za-z0-9]{12,20}|[sp]k\.eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,}|dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}|figd_[A-Za-z0-9_\-]{40,}|rubygems_[a-f0-9]{48}"
        + @"|oy2[a-z0-9]{43}|\d{8,10}:AA[A-Za-z0-9_\-]{33}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![\w\-])", Fast)]
    public static partial Regex OtherVendorToken();

    /// <summary>A secret assigned to a telling name: <c>password = "..."</c>, <c>api_key: ...</c>.</summary>
    [GeneratedRegex(@"(?<name>(?:password|passwd|pwd|passphrase|passcode|(?<![A-Za-z])pass(?![A-Za-z])|session[_\-]?(?:id|key|token)|sessionid|secret|api[_\- ]?key|apikey|access[_\- ]?key|account[_\-]?key|shared[_\-]?access[_\-]?key|signing[_\-]?key|encryption[_\-]?key|master[_\-]?key|app[_\-]?key|routing[_\-]?key|integration[_\-]?key|service[_\-]?key|auth[_\- ]?token|access[_\- ]?token|private[_\- ]?key|client[_\- ]?secret|token|credentials?))[A-Za-z_]*[""']?(?:\s{0,3}|[ \t]{4,24})(?:[:=]|=>|:=)\s{0,3}(?<q>[""']?)(?<value>[^\s""',;`]{6,200})\k<q>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex AssignedSecret();

    // Dates (birth dates need a cue word nearby; the recognizer checks it).
    [GeneratedRegex(@"(?<![\d\-./])(?:(?<y>(?:19|20)\d{2})(?<ys>[\-/.])(?<m>[01]?\d)\k<ys>(?<d>[0-3]?\d)|(?<d1>[0-3]?\d)(?<sep>\. |[./\-])(?<m1>[0-3]?\d)\k<sep>(?<y1>(?:19|20)\d{2}|\d{2}))(?![\d\-]|\.\d)", RegexOptions.CultureInvariant)]
    public static partial Regex NumericDate();

    /// <summary>Month names and abbreviations in English, French, German, Dutch, Italian and the Scandinavian languages.</summary>
    private const string Month = @"(?:Jan(?:uary|vier|uar|uari)?|Jänner|Feber|Feb(?:ruary|ruar|ruari)?|février|Mar(?:ch|s)?|März|maart|marzo|Apr(?:il|ile)?|avril|May|Mai|maj|mei|maggio|June?|juin|Juni|giugno|July?|juillet|Juli|luglio|Aug(?:ust|usti|ustus)?|août|agosto|Sep(?:t(?:ember)?|tembre)?|settembre|Oct(?:ober|obre)?|Okt(?:ober)?|ottobre|Nov(?:ember|embre)?|Dec(?:ember)?|Dez(?:ember)?|décembre|dicembre|gennaio|febbraio|januari|februari)";

    [GeneratedRegex(@"(?<![\w])(?:[0-3]?\d(?:st|nd|rd|th|er|\.)?(?: of | |-|/)" + Month + @"\.?(?:,? (?:19|20)\d{2}|[\-/](?:(?:19|20)\d{2}|\d{2}))|" + Month + @"\.? [0-3]?\d(?:st|nd|rd|th)?,? (?:19|20)\d{2})(?![\w])", Fast | RegexOptions.IgnoreCase)]
    public static partial Regex WordDate();

    [GeneratedRegex(@"(?<![\w])[0-3]?\d(?:º|°)? de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro) de (?:19|20)\d{2}(?![\w])", Fast | RegexOptions.IgnoreCase)]
    public static partial Regex RomanceDate();

    // Chinese, Japanese and Korean dates: 1988年5月14日, 1988년 5월 14일.
    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}(?:年\s?[01]?\d月\s?[0-3]?\d日|년\s?[01]?\d월\s?[0-3]?\d일)", RegexOptions.CultureInvariant)]
    public static partial Regex CjkDate();

    /// <summary>
    /// A room, suite or apartment written after the street: <c>, Room 805</c>, <c>, Apt. 4B</c>; or a building and its
    /// floor after a Japanese block number: <c>, Breezé Tower 12F</c>.
    /// </summary>
    [GeneratedRegex(@"^(?:,? (?:Room|Rm\.?|Apt\.?|Apartment|Suite|Ste\.?) ?#?\d{1,5}[A-Z]?|, (?:\p{Lu}[\p{L}'’\-]* ){1,3}(?:Tower|Building|Bldg\.?|Heights|Plaza|Mansion|Court|Hills)(?: \d{1,2}F| \d{1,4})?)(?![\w\-/])", RegexOptions.CultureInvariant)]
    public static partial Regex TrailingUnit();

    /// <summary>A password as the last argument of a directive line: <c>requirepass …</c>, <c>sentinel auth-pass mymaster …</c>.</summary>
    [GeneratedRegex(@"(?<![\w\-])(?:requirepass|masterauth|masterpass|auth-pass)[ \t]+(?:[\w.\-]+[ \t]+)?(?<value>[^\s""'`]{6,200})(?=[ \t]*(?:\r?\n|$|#))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex PasswordDirective();

    /// <summary>A base64 value assigned to a Basic-auth setting: <c>basic = …</c>, <c>http_basic: …</c>, <c>Authorization: Basic …</c>.</summary>
    // "http_basic", "proxy_basic_auth": a prefix joined by '_' or '-' still names the setting; "oauth" does not.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:basic[_\-]?auth|basic|authorization|auth)[""']?[ \t]*[:=][ \t]*[""']?(?:Basic[ \t]+)?(?<value>[A-Za-z0-9+/]{8,}={0,2})(?![\w+/=])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex BasicCredential();

    /// <summary>A value after a strongly secret-named key and whitespace, no operator: <c>api_key 4c34…</c>, <c>http_basic ZGVw…</c>, <c>auth token (497f…)</c>.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<name>api[_\-]?key|api[_\-]?secret|secret[_\-]?key|client[_\-]?secret|secret|access[_\-]?token|auth[_\- ]?token|refresh[_\-]?token|token|password|passwd|pwd|auth|http[_\-]?basic|basic[_\-]?auth)[ \t]+\(?(?<value>[^\s""'`,;()<>]{16,200})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex NamedSecret();

    /// <summary>A user and a password as a pair: <c>admin / y1q2kGD3</c>, <c>deploy/Xy8-pq</c>.</summary>
    [GeneratedRegex(@"(?<![\w/.:@\-])[A-Za-z][\w.@\-]{1,31} ?/ ?(?<value>[^\s/""'`,;()<>]{6,64})(?![^\s,;)])", RegexOptions.CultureInvariant)]
    public static partial Regex LoginPair();

    /// <summary>
    /// A password given in words: <c>password Tr0ub4dor&amp;3</c>, <c>the passcode is 8812-ab</c>, <c>pw OliveTree#4471</c>,
    /// <c>le mot de passe du compte VPN est …</c>, <c>the guest wifi is …</c>, <c>the password changed again, it's now …</c>, <c>con clave …</c>, <c>lösenord Kanelbulle#…</c> (the word in Nordic,
    /// Dutch, Czech and Finnish too; Polish "hasło" only where another secret word opens a window, since the search for the
    /// telling words is ASCII only).
    /// </summary>
    [GeneratedRegex(@"\b(?<kw>password|passwort|passcode|passphrase|mot de passe|contraseña|clave|senha|lösenord|passord|wachtwoord|hasło|heslo|salasana|adgangskode|kodeord|api key|secret key|access key|token|secret|pw|(?:wi-?fi|wlan)(?!\s+(?:password|passwort|passcode|pw|pass|key|code)\b))(?:\s+(?:for|to|of|on|du|de|des|pour|del|da|do|für|zum|zur)(?:\s+[\p{L}\p{N}\-]+){1,7}?(?=:(?!\d)|\s+(?:is|was|est|es|ist|é|has|a|ha|changed)\s))?(?:\s+(?:has\s+|was\s+|a\s+|ha\s+)?(?:changed|changé|cambiado|cambió|mudou|geändert)(?:\s+(?:again|today|yesterday|this\s+morning|ce\s+matin|aujourd'hui|hier|hoy|heute))?(?:\s+to)?\s*[,:;]?)?(?:\s+|(?=:))(?:is\s+|was\s+|ist\s+|est\s+|es\s+|é\s+|(?:it's|it’s|it\s+is|c'est|c’est|ahora\s+es|agora\s+é|jetzt|now)\s+(?:now\s+)?)?:?\s?[""'“‘]?(?<value>[^\s""'`,;”’]{6,200})[""'”’]?(?=[\s.,;)]|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex SpokenPassword();

    // Addresses by country; each covers street and number through postcode and city. Parts may sit on
    // separate lines (street / unit / city and postcode), so the separators admit a line break.
    private const string Cap = @"\p{Lu}[\p{L}'’\-]*";
    /// <summary>
    /// Capitalised words that follow "am", "unter" or "an" in German prose, not in a town's name: "Ulm am Montag",
    /// "Schallstadt unter Umständen".
    /// </summary>
    private const string NotTownWord = @"(?!(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Wochenende|Umständen|Vorbehalt|Angabe|Beachtung|Berücksichtigung|Bezug|Verwendung|Tel|Telefon)\b)";
    private const string Town = @"(?:(?:Den|De|Bad|Sankt|St\.|Saint|Sainte|New|Le|La|Les|Las|Los|El|San|Santa|Sant|Port|Fort|Mont|Villeneuve|Bergen|Hoek) )?" + Cap + @"(?:(?: (?:am|an der|an|im|unter|upon|sur|sous|en|aan den|aan de|aan|bei|ob der|in der|bij|de la|de las|de los|de|del|di|da|do|dos|das) " + NotTownWord + @"|-)" + Cap + @"| on (?:Sea|Thames|Avon|Trent|Tyne|Tees|Wye|Severn|Hudson)){0,2}";

    /// <summary>Words that label an address rather than start it ("Address Lindenstraße 33", "Adres Keizersgracht 12").</summary>
    private const string NotStreetStart = @"(?!(?:Address|Addr|Adresse|Adres|Anschrift|Postanschrift|Lieferadresse|Rechnungsadresse|Wohnort|Wohnhaft|Indirizzo|Dirección|Direccion|Endereço|Adresa|Location|Venue|Office|Home|Shipping|Billing|Delivery|Deliver|Ship|Send|Visit|Bezoekadres|Postadres|Afleveradres|Woonadres|Bezorgen|Bezorg|Leveren|Lever|Afleveren|Sturen|Stuur|Versturen|Verzenden|Liefern|Senden|Schicken)\b)";

    /// <summary>A comma and a space, or a line break (with an optional comma before it).</summary>
    private const string Sep = @"(?:,?[ \t]*\r?\n[ \t]*|,? )";

    /// <summary>As <see cref="Sep"/>, or a dash between parts ("Bengaluru - 560001", "Centro – São Paulo").</summary>
    private const string Gap = @"(?:,?[ \t]*\r?\n[ \t]*|,? (?:[\-–] )?| [\-–] ?)";

    // English-speaking countries (US, Canada, Australia): number, street name, street type, unit, town.
    private const string EnWord = @"(?:\p{Lu}[\p{L}'’\-]*\.?|\d{1,3}(?:st|nd|rd|th))";
    private const string EnStreetType = @"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Tce|Ter|Parkway|Pkwy|Circle|Cir|Circuit|Cct|Crescent|Cres|Close|Cl|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Alley|Plaza|Row|Parade|Pde|Esplanade|Esp|Grove|Mews|Walk|Rise|Crossing|Xing|Pike|Path|Point|Ridge|Run|Quay|Mall|Promenade|Expressway|Freeway|Turnpike)";
    private const string EnUnit = @"(?:Apt|Apartment|Suite|Ste|Unit|Flat|Fl|Floor|Level|Lvl|Room|Rm|Shop|Bldg|Building|Villa)\.? ?#? ?(?:\d[\w\-.]{0,5}|[A-Z](?![\w]))|#\d[\w\-]{0,5}";
    private const string EnStreet = @"(?:(?:" + EnUnit + @")" + Sep + @")?(?:(?:(?:Unit|Apartment|Apt|Flat|Suite|Shop|Lot|Villa) (?=\d{1,4}[A-Za-z]?/))?#?(?:\d{1,4}[A-Za-z]?/)?\d{1,6}[A-Za-z]?(?:-\d{1,5}[A-Za-z]?)?(?: [NSEW]\.?| North| South| East| West)? (?:(?:" + EnWord + @" ){1,4}" + EnStreetType + @"\.?(?: (?:NW|NE|SW|SE|N|S|E|W|North|South|East|West)\.?)?|Broadway)|(?:G\.?P\.?O\.?|P\.? ?O\.?) Box \d{1,6})(?:" + Sep + @"(?:" + EnUnit + @"))?";
    private const string EnTown = @"(?:\p{Lu}[\p{L}'’\-]*\.? ){0,3}\p{Lu}[\p{L}'’\-]*";

    [GeneratedRegex(@"(?<![\w/\-])" + EnStreet + Sep + EnTown + @",? (?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming)\.? {1,2}\d{5}(?:-\d{4})?(?!\d)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    public static partial Regex UsAddress();

    // Canada: "123 Main Street, Unit 4, Toronto, ON M5V 2T6", "1200 rue Sainte-Catherine Ouest, Montréal (Québec) H3B 1K9".
    [GeneratedRegex(@"(?<![\w/\-])(?:" + EnStreet + @"|(?:(?:" + EnUnit + @")" + Sep + @")?\d{1,6}[A-Za-z]?(?:-\d{1,5})?,? (?i:rue|boulevard|boul\.|avenue|av\.|chemin|ch\.|place|côte|montée|route|rang|promenade) (?:(?:\p{Lu}[\p{L}'’\-]*\.?|de|du|des|la|le|l['’]\p{L}+|d['’]\p{L}+) ){0,4}\p{Lu}[\p{L}'’\-]*(?: (?:Ouest|Est|Nord|Sud|O\.|E\.))?(?:" + Sep + @"(?:bureau|app\.|appartement|" + EnUnit + @") ?[\w\-]{0,6})?)" + Sep + EnTown + @",? \(?(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|Alberta|British Columbia|Manitoba|New Brunswick|Newfoundland and Labrador|Nova Scotia|Ontario|Prince Edward Island|Quebec|Québec|Saskatchewan|Yukon)\.?\)?(?:,? {1,2}|" + Sep + @")[A-Z]\d[A-Z] ?\d[A-Z]\d(?![\w])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    public static partial Regex CaAddress();

    // Australia: "Unit 5, 42 George Street, Sydney NSW 2000", "5/42 George St, Surry Hills NSW 2010".
    [GeneratedRegex(@"(?<![\w/\-])" + EnStreet + Sep + @"(?:\p{Lu}[\p{L}'’\-]*\.? ){0,2}\p{Lu}[\p{L}'’\-]*,? (?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT|New South Wales|Victoria|Queensland|Western Australia|South Australia|Tasmania|Australian Capital Territory|Northern Territory),? {1,2}\d{4}(?![\w])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    public static partial Regex AuAddress();

    [GeneratedRegex(@"(?<![\w])(?:(?:Flat|Apartment|Unit|Suite) \d{1,4}[A-Za-z]?" + Sep + @")?(?:\d{1,4}[A-Za-z]?(?:-\d{1,4}[A-Za-z]?)?,? (?:" + Cap + @" ){0,3}" + Cap + @"|(?:" + Cap + @" ){1,4}(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Gardens|Gdns|Place|Pl|Square|Sq|Crescent|Cres|Terrace|Drive|Dr|Way|Hill|Row|Mews|Grove|Park|Walk|Court|Green|Rise|Parade|Wharf|Vale|View|Yard|Broadway))\.?" + Sep + @"(?:(?:(?:" + Cap + @" ){0,3}" + Cap + @"|" + Town + @")" + Sep + @")?(?:" + Cap + Sep + @")?[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}(?![\w])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    public static partial Regex UkAddress();

    [GeneratedRegex(@"(?<![\w])" + NotStreetStart + @"(?:(?:" + Cap + @"[ \-]){0,3}(?:" + Cap + @"(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|berg|hof|graben|promenade|kai)|(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Ring|Damm|Ufer|Chaussee|Markt|Graben))|(?:Am|An der|An den|Auf dem|Auf der|Im|In der|Zum|Zur|Unter den|Hinter der|Vor dem|Bei der) " + Cap + @") \d{1,4}(?: ?[a-zA-Z](?![\w]))?(?:[\-/]\d{1,4}[a-z]?){0,2}(?:,? (?:Whg\.|Wohnung|App\.|Apt\.|Zi\.|Zimmer|\d{1,2}\. ?(?:OG|Etage|Stock|Obergeschoss)|EG|OG|DG|Hinterhaus|Vorderhaus|Gartenhaus|Seitenflügel)(?: ?\d{1,4}[a-z]?)?(?:,? (?:\d{1,2}\. ?(?:OG|Etage|Stock)|links|rechts|Mitte|li\.|re\.))?)?" + Sep + @"(?:D-)?\d{5} " + Town + @"(?![\w])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    public static partial Regex DeAddress();

    // Street first, four-digit postcode (Austria, Switzerland, Belgium, Luxembourg, Denmark, Norway) or Swedish "111 21":
    // "Mariahilfer Straße 45/3, 1060 Wien", "Rue de la Loi 16, 1000 Bruxelles", "Karl Johans gate 22, 0159 Oslo", "Drottninggatan 53, 111 21 Stockholm".
    [GeneratedRegex(@"(?<![\w])" + NotStreetStart + @"(?:(?:" + Cap + @"[ \-]){0,3}" + Cap + @"(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|kai|gate|gata|gatan|vägen|väg|veien|vei|vej|gade|allé|torv|torget|plads|stræde|gränd|straat|laan|plein|kade|dreef|lei|steenweg)|(?:" + Cap + @" ){1,3}(?:Straße|Strasse|Weg|Gasse|Platz|Allee|Gate|Vej|Gade|Allé|Torv|Plads|Straat|Laan|Steenweg|gate|gata|gatan|vei|veien|vej|gade|allé|plass|torg)|(?:Rue|Avenue|Boulevard|Chemin|Place|Route|Quai|Chaussée|Allée|Impasse|Via|Viale|Piazza|Corso) (?:[\p{L}'’\-]+ ){0,5}?[\p{L}'’\-]+) \d{1,4}[A-Za-z]?(?:[\-/]\d{1,4}[A-Za-z]?){0,2}(?:,? (?:Top|Stiege|Tür|Whg\.|bus|boîte|bte|th\.|tv\.|st\.|sal)\.? ?\w{1,4})?" + Sep + @"(?:(?:CH|A|AT|B|BE|L|LU|DK|N|NO|S|SE)-)?(?:\d{4}|\d{3} \d{2}) " + Town + @"(?![\w])", Fast)]
    public static partial Regex StreetFirstAddress();

    [GeneratedRegex(@"(?<![\w])\d{1,4}(?:-\d{1,4})?(?: ?(?:bis|ter|[A-Za-z](?![\w])))?,? (?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|cours|route|square|passage|faubourg|rond-point|esplanade|voie|sentier|parvis) (?:[\p{L}'’\-]+ ){0,5}?[\p{L}'’\-]+" + Sep + @"(?:F-)?\d{5} " + Town + @"(?: Cedex(?: \d{1,2})?)?(?![\w])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.IgnoreCase)]
    public static partial Regex FrAddress();

    [GeneratedRegex(@"(?<![\w])" + NotStreetStart + @"(?:\d{1,2}e )?(?:(?:" + Cap + @" (?:(?:van|de|der|den|het|ter|ten|" + Cap + @") ){0,2})?" + Cap + @"(?:straat|laan|weg|gracht|plein|kade|singel|dijk|dreef|pad|steeg|markt|hof|park|plantsoen|ring|wal|haven|burgwal)|(?:" + Cap + @" ){1,3}(?:Straat|Laan|Weg|Plein|Kade|Singel|Dijk)|(?:Laan|Plein|Kade|Weg|Lange|Korte) (?:van|der|de|den|het) (?:(?:van|der|de|den|" + Cap + @") ){0,2}" + Cap + @"|Markt|Dam|Plein|Buitenhof|Binnenhof|Grote Markt|(?:(?:Lange|Korte|Oude|Nieuwe|Hoge|Lage|Grote|Kleine|Sint|St\.) )?" + Cap + @"(?: (?:van|de|der|den|het|ter|ten|op|aan|in|bij)){0,2}(?: " + Cap + @")?) \d{1,5}(?: ?[A-Za-z](?![\w]))?(?:[\-\s]?(?:hs|bis|[IVX]{1,3}|\d{1,3}))?" + Sep + @"\d{4} ?[A-Z]{2},? " + Town + @"(?![\w])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    public static partial Regex NlAddress();

    /// <summary>A word of an Italian, Spanish, Portuguese or Catalan street name: capitalised, a numeral, or a linking particle.</summary>
    private const string RomanceStreetWord = @"(?:\p{Lu}[\p{L}'’\-\.]*|[IVX]{1,4}|\d{1,2}(?: de)?|de|del|della|delle|dello|dei|degli|di|da|dal|do|dos|das|la|las|los|el|les|y|e|d['’]\p{L}+|l['’]\p{L}+)";

    /// <summary>
    /// Floor, door and flat after an Italian, Spanish or Catalan house number: "2º izq.", "3º B", "4t 2a", "bajo", "int. 6",
    /// "scala B, piano 3", "esc. 2, pta. 4".
    /// </summary>
    private const string RomanceUnit = @"(?:,? (?:\d{1,2}(?:º|ª|°|o|er|r|n|t|rt)\.?|bajo|bajos|pral\.?|entlo\.?|ático|àtic|planta \d{1,2}|piso \d{1,2}|int\.? ?\d{1,3}|interno \d{1,3}|scala [A-Z\d]|sc\. ?[A-Z]|piano \d{1,2}|esc\.? ?[A-Z\d]{1,2}|puerta \w{1,3}|pta\.? ?\w{1,3})(?:,? ?(?:\d{1,2}(?:ª|º|a)\.?|[A-Z](?![\w])|izq(?:da|uierda)?\.?|izda\.?|dcha\.?|der(?:echa)?\.?|dra\.?|ctro\.?|centro|puerta \w{1,3}|pta\.? ?\w{1,3}|int\.? ?\d{1,3}|interno \d{1,3}|piano \d{1,2}|scala [A-Z\d]))?){0,2}";

    // Italian and Spanish (Catalan) streets: "Via Roma 12, 00184 Roma", "Calle de Alcalá 45, 28014 Madrid", "Carrer de Balmes, 150, 08008 Barcelona".
    [GeneratedRegex(@"(?<![\w])(?:(?:Via|Viale|V\.le|Piazza|P\.za|P\.zza|Piazzale|Corso|C\.so|Largo|L\.go|V\.lo|Vicolo|Vico|Strada|Salita|Contrada|Borgo|Riviera|Lungomare|Lungotevere|Lungarno|Fondamenta|Campo|Calle|C/|Avenida|Avda\.?|Av\.|Plaza|Pza\.|Paseo|Pº|Pasaje|Camino|Carretera|Ctra\.|Cuesta|Glorieta|Bulevar|Urbanización|Urb\.|Ronda|Travesía|Vía|Rúa|Carrer|Passeig|Avinguda|Travessera|Camí|Plaça|Rambla) (?:" + RomanceStreetWord + @" ){0,5}?" + RomanceStreetWord + @"|Gran V[ií]a|La Rambla|Las Ramblas)(?:,? (?:n\.? ?|nº ?|núm\. ?)?(?:\d{1,4}(?: ?[A-Za-z](?![\w]))?(?:/[A-Za-z\d]{1,3})?|s/n))" + RomanceUnit + Sep + @"(?:I-|E-)?\d{5} (?:(?:" + Cap + @" ){1,3}" + Cap + @" \([A-Z]{2}\)|" + Town + @"(?: \([A-Z]{2}\)| [A-Z]{2}(?=[,.;)\n ]|$))?)(?![\w])", Fast)]
    public static partial Regex ItEsAddress();

    // Portuguese: "Rua Augusta 100, 1100-053 Lisboa", "Avenida da Liberdade, 245, 4.º Esq., 1250-143 Lisboa".
    [GeneratedRegex(@"(?<![\w])(?:Rua|Avenida|Av\.|Praça|Travessa|Largo|Estrada|Alameda|Calçada|Beco) (?:" + RomanceStreetWord + @" ){0,5}?" + RomanceStreetWord + @",? (?:n\.?º? ?)?\d{1,4}[A-Za-z]?(?:,? \d{1,2}\.?º(?: ?[A-Za-z]{1,4}\.?)?)?" + Sep + @"\d{4}-\d{3} " + Town + @"(?![\w])", Fast)]
    public static partial Regex PtAddress();

    // Brazil: "Rua Augusta, 1500, Apto 12 - Consolação, São Paulo - SP, 01310-100", "Av. Paulista, 1578 - Bela Vista, São Paulo/SP, CEP 01310-200".
    private const string BrWord = @"(?:[\p{Lu}\d][\p{L}\d'’\-/ºª°]*\.?|de|da|do|das|dos|e|sala|apto\.?|apt\.?|bloco|conj\.?|casa|loja|andar|fundos|sl\.?)";

    [GeneratedRegex(@"(?<![\w])(?:(?:Rua|R\.|Avenida|Av\.|Alameda|Al\.|Travessa|Tv\.|Praça|Pça\.|Estrada|Rodovia|Largo|Viela|Servidão) (?:" + RomanceStreetWord + @" ){0,5}?" + RomanceStreetWord + @",? (?:n[º°.]? ?)?(?:\d{1,5}|s/n)|(?:SQN|SQS|SQNW|SQSW|SHIS|SHIN|SHN|SHS|SCLN|SCLS|SCN|SCS|CLN|CLS|CRN|CRS|QI|QL|QE|QNM|QNN|QS|QR|SMPW|SMDB|SRTVS|SHCGN|EQN|EQS|SGAN|SGAS)(?: [A-Z]{1,2})? \d{1,4})(?:" + Gap + BrWord + @"){0,14}?" + Gap + @"(?:CEP:? ?)?\d{5}-\d{3}(?!\d)", Fast)]
    public static partial Regex BrAddress();

    // India: "Flat 302, Sai Residency, 14th Cross Road, Indiranagar, Bengaluru 560038", "No. 12, MG Road, Bengaluru - 560 001".
    private const string InWord = @"(?:#?[\p{Lu}\d][\p{L}\d'’\-/.]*|of|and|near|opp\.?|off|behind)";

    [GeneratedRegex(@"(?<![\w/\-#.])(?:(?:Flat|House|Plot|Door|Shop|Office|Apt|Apartment|Unit|Room|Block|H\.? ?No)\.? ?(?:No\.?:? ?)?|No\.?:? ?)?#?(?:[A-Z]{1,2}[\-/ ]?)?\d{1,5}[A-Z]?(?:[/\-]\d{1,4}[A-Z]?){0,3}(?:" + Gap + InWord + @"){1,16}?" + Gap + @"(?:(?:PIN|Pin|PIN Code|Pin Code|Pincode|PIN code)[:\-]? ?)?\d{3} ?\d{3}(?![\d])", Fast)]
    public static partial Regex InAddressCandidate();

    /// <summary>The words that make a run of capitalised words and a six-digit number an Indian address.</summary>
    [GeneratedRegex(@"\b(?:Road|Rd|Street|St|Marg|Nagar|Lane|Layout|Colony|Cross|Main|Sector|Block|Phase|Enclave|Vihar|Bagh|Puram|Salai|Chowk|Society|Residency|Apartments|Towers?|Complex|Extension|Extn|Stage|Township|Gali|Mohalla|Peth|Wadi|Flat|House|Plot|Door|PIN|Pincode|Avenue|Circle|Halli|Palya|Pally|Hills|Housing|Heights|Gardens?|Park|Nivas|Niwas|Bhavan|Bhawan|Kunj|Greater"
        + @"|Delhi|Mumbai|Bombay|Bengaluru|Bangalore|Chennai|Madras|Hyderabad|Secunderabad|Kolkata|Calcutta|Pune|Ahmedabad|Surat|Thane|Navi Mumbai|Noida|Gurugram|Gurgaon|Faridabad|Ghaziabad|Jaipur|Lucknow|Kanpur|Nagpur|Indore|Bhopal|Patna|Vadodara|Coimbatore|Kochi|Cochin|Thiruvananthapuram|Trivandrum|Mysuru|Mysore|Mangaluru|Visakhapatnam|Vijayawada|Chandigarh|Mohali|Ludhiana|Amritsar|Dehradun|Bhubaneswar|Guwahati|Goa|Panaji|Madurai|Nashik|Aurangabad|Ranchi|Raipur"
        + @"|Singapore|Blk|Telangana|Karnataka|Maharashtra|Tamil Nadu|Kerala|Gujarat|Rajasthan|Uttar Pradesh|Madhya Pradesh|Andhra Pradesh|West Bengal|Bihar|Odisha|Orissa|Punjab|Haryana|Assam|Jharkhand|Chhattisgarh|Uttarakhand|Himachal Pradesh)\b", Fast)]
    public static partial Regex InStreetCue();

    // Japan, in romaji: "1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002", "〒106-6125 Tokyo, Minato-ku, Roppongi 6-10-1".
    private const string JpWord = @"(?:[\p{Lu}][\p{L}'’\-]*\.?|\d{1,3}F)";
    // After the first group a block number has at most three digits: "06-6341-2207" is a phone number, not a block.
    private const string JpBlock = @"(?:\d{1,4}(?:[ \-]?[Cc]home)?(?:-\d{1,3}){1,3}|\d{1,2} ?[Cc]home(?:[ \-]\d{1,4}(?:-\d{1,4})?)?)";

    [GeneratedRegex(@"(?<![\w\-])(?:(?:(?:Room|Apt\.?|Apartment|Suite|Unit|#) ?\d{1,5}[A-Z]?,? )?(?:" + JpBlock + "|" + JpWord + " " + JpBlock + @")(?:" + Gap + JpWord + @"){1,10}?" + Gap + @"〒? ?\d{3}-\d{4}(?!\d)|(?:" + JpWord + @"(?:,? |,?[ \t]*\r?\n[ \t]*)){1,6}" + JpBlock + @"(?: ?#\d{1,5}| (?:Room|Apt\.?|Unit|No\.) ?\d{1,5})?" + Gap + @"〒? ?\d{3}-\d{4}(?!\d)|〒 ?\d{3}-\d{4}(?:" + Gap + JpWord + @"){1,10}?" + Gap + "(?:" + JpBlock + "|" + JpWord + " " + JpBlock + @")(?![\w\-]))", Fast)]
    public static partial Regex JpAddressCandidate();

    /// <summary>The words that make a run of romaji words and a postcode a Japanese address.</summary>
    [GeneratedRegex(@"-(?:ku|shi|ken|to|fu|gun|cho|machi|mura)\b|\b(?:Tokyo|Osaka|Kyoto|Hokkaido|Okinawa|Kanagawa|Chiba|Saitama|Aichi|Fukuoka|Hyogo|Hiroshima|City|Ward|Prefecture|[Cc]home)\b|〒", Fast)]
    public static partial Regex JpCue();

    /// <summary>
    /// A building or unit line that may precede a street (ending where the street begins): "Flat 11", "Albion Court",
    /// "Croft House", "Résidence Les Pins", "Bât. C", "Appartement 14", "Sakura Heights 302", "Whg. 4", "3rd Floor"; a floor
    /// after its building's name: "Gedung Graha Kencana Lt. 7", "Torre Norte Piso 12".
    /// </summary>
    [GeneratedRegex(@"(?<![\w])(?:(?:(?:Gedung|Graha|Menara|Wisma|Bangunan|Tòa nhà|Tòa|Edificio|Edifício|Torre|Tower|Building|Immeuble)(?: [\p{Lu}\d][\p{L}\d'’\-]*){1,3},? )?(?:Lt|Lantai|Tầng|Tingkat|Aras|Kat|Floor|Piso|Planta|Level)\.?:? ?\d{1,3}|(?:Flat|Apartment|Apt|Unit|Suite|Ste|Room|Floor|Level|Lot|Shop|Office|Studio|Penthouse|Appartement|App|Appt|Bât|Bâtiment|Batiment|Escalier|Esc|Étage|Whg|Wohnung|Piso|Planta|Puerta|Interno|Int|Scala|Piano|Apto|Bloco|Sala|Andar|Block|Tower|Wing|Building|Bldg|Plot|Door|House No|H\. ?No|No)\.? ?#? ?[A-Z\d][\w\-/]{0,5}|\d{1,2}(?:st|nd|rd|th) (?:Floor|Fl\.?)|(?:Industriegebiet|Gewerbegebiet|Gewerbepark|Polígono Industrial|Polígono|Zona Industriale|Zona Artigianale|Zone Industrielle|Zone Artisanale|Parque Empresarial|Parque Industrial|Industrial Estate|Business Park)(?: (?:[\p{Lu}\d][\p{L}\d'’\-]*|de|del|di|des|du|la)){1,3}|(?:Résidence|Residence|Résidences|Cité|Domaine|Villa|Casa|Edificio|Edifício|Condomínio|Condominio|Palazzo|Palazzina|Torre|Haus)(?: (?:[\p{Lu}\d][\p{L}\d'’\-]*|de|du|des|la|le|les|del|di|da|do|dos)){1,4}|(?:\p{Lu}[\p{L}'’\-]* ){1,3}(?:Court|House|Heights|Mansions|Towers?|Building|Residency|Residences|Apartments|Apts|Lodge|Cottage|Farm|Barn|Hall|Manor|Villas?|Plaza|Centre|Center|Chambers|Wing|Estate|Point|Wharf|Enclave|Complex|Society|Niwas|Nivas|Bhavan|Bhawan|Sadan|Kunj|Haus|Hof)(?: [A-Z\d][\w\-]{0,5})?)\z", Fast)]
    public static partial Regex BuildingLine();

    // Polish: "ul. Marszałkowska 10, Warszawa", "al. Jerozolimskie 65/79, 00-697 Warszawa".
    [GeneratedRegex(@"(?<![\w])(?:ul\.|al\.|pl\.|os\.|aleja|ulica) (?:" + Cap + @" ){0,3}" + Cap + @" \d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?)?,? (?:\d{2}-\d{3} )?" + Town + @"(?![\w])", Fast)]
    public static partial Regex PlAddress();

    // A street word first, the number after the name, then units, districts, postcode and town in the order the country
    // writes them (Latin America, Indonesia): "Av. Corrientes 1847, piso 3, C1045AAB CABA", "Jl. Kemang Raya No. 18, Bangka, Jakarta Selatan 12730".
    private const string LeadStreet = @"(?:Av\.|Avda\.|Avenida|Calle|Calzada|Carrera|Jr\.|Jirón|Jl\.|Jln\.|Jalan) (?:" + RomanceStreetWord + @" ){0,5}?" + RomanceStreetWord + @",? (?:No\.? ?|N[º°]\.? ?|#)?\d{1,5}[A-Za-z]?(?:-\d{1,4})?";
    private const string LeadUnit = @"(?:oficina|of\.|piso|dpto\.?|depto\.?|departamento|apto\.?|apartamento|int\.|interior|local|torre|lantai|Lt\.|Blok|RT|RW)(?: |\. ?)?[\dA-Z][\w\-/]{0,5}";
    private const string LeadPartSep = @"(?:,[ \t]*(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*)";
    private const string LeadPlace = @"\p{Lu}[\p{L}'’\-]*(?:(?: (?:de|del|la|las|los|el))* \p{Lu}[\p{L}'’\-]*){0,3}";
    private const string LeadPart = @"(?!(?:Tel|Telp|Tlp|Telf|Tfno|Tél|Teléfono|Telefone|Phone|Fax|Cel|Celular|Móvil|Mobile|HP|Hp|WA|Email|E-mail|Correo|Contacto|Contact|Attn|CUIT|RFC|RUC|NIT|CPF|CNPJ|NPWP)\b)(?:(?<district>Col\.|Colonia|Kec\.|Kel\.|Kecamatan|Kelurahan|Barrio|Comuna|Alcaldía|Delegación) )?(?:(?<postcode>[A-Z]\d{4}[A-Z]{3}|\d{4,5}) )?(?<part>" + LeadPlace + @")(?: (?<postcode>\d{4,5}))?";

    [GeneratedRegex(@"(?<![\w])" + LeadStreet + @"(?:" + LeadPartSep + @"(?<unit>" + LeadUnit + @")){0,2}(?:" + LeadPartSep + LeadPart + @"){1,4}(?=[ \t]*(?:[,.;)|\r\n]|$))", Fast)]
    public static partial Regex LeadStreetAddress();

    // Czech and Slovak: a street name (often an adjective, no street word) and a descriptive/orientation number,
    // then "100 00 Praha 10": "Vinohradská 1511/230, 100 00 Praha 10".
    [GeneratedRegex(@"(?<![\w])" + NotStreetStart + @"(?:" + Cap + @" ){0,2}" + Cap + @" \d{1,5}/\d{1,4}[a-z]?" + Sep + @"\d{3} \d{2} " + Town + @"(?: \d{1,2})?(?![\w])", Fast)]
    public static partial Regex CzAddress();

    // Ireland, ending in an Eircode: "14 Haddington Road, Dublin 4, D04 X2P7".
    [GeneratedRegex(@"(?<![\w/\-])" + EnStreet + @"(?:" + Sep + EnTown + @"(?: \d{1,2}W?)?){0,3}(?:,? (?:Co\.|County) " + Cap + @")?" + Sep + @"[AC-FHKNPRTV-Y]\d{2} [AC-FHKNPRTV-Y\d]{4}(?![\w])", Fast)]
    public static partial Regex IeAddress();

    // South Africa and others writing a bare four-digit postcode last: "32 Bree Street, Cape Town City Centre, Cape Town, 8001".
    [GeneratedRegex(@"(?<![\w/\-])" + EnStreet + @"(?:" + Sep + EnTown + @"){1,3}, \d{4}(?![\w])", Fast)]
    public static partial Regex TrailingPostcodeAddress();

    // Post-office boxes with a postcode and town: "Postfach 10 22 41, 50462 Köln", "BP 412, 33000 Bordeaux", "Apartado 1234, 28080 Madrid".
    [GeneratedRegex(@"(?<![\w])(?:Postfach|Postbus|Postboks|Box|PO Box|P\.O\. Box|P\.O\.Box|BP|B\.P\.|Boîte postale|CS|Apartado(?: de [Cc]orreos| [Pp]ostal)?|Apdo\.|Caixa Postal|Casella [Pp]ostale|Casilla) (?:\d{1,6}-\d{5}" + Sep + Town + @"|\d{1,6}(?: \d{2,3}){0,2}" + Sep + @"(?:(?:D|F|A|CH|B|L|NL|E|I|P|S)-)?(?:\d{5}-\d{3}|\d{4}-\d{3}|\d{4} ?[A-Z]{2}|\d{4,5}|\d{3} \d{2}) " + Town + @")(?: Cedex(?: \d{1,2})?)?(?![\w])", Fast)]
    public static partial Regex PoBoxAddress();
}
