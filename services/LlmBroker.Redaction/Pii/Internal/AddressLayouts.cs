namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>
/// How one country writes a postal address: its street words (before the name, "Calle Durango", or after it, "Karaka
/// Road"; glued suffixes such as "-gatan" or "-ro" are listed with a leading hyphen), the words that open a unit or floor
/// line ("Dpto. 804", "Kat 12"), the words of district lines ("Col. Roma Norte", "Gangnam-gu"), the shape of its postcode
/// (a regular expression for the postcode alone) and a few cities or regions written without a postcode.
/// </summary>
internal sealed record AddressLayout(string Country, string[] StreetWords, string[] UnitWords, string[] DistrictWords, string Postcode, string[] Places);

/// <summary>
/// The address layouts of about fifty countries, written from the countries' published postal formats. The part reader
/// (<see cref="PartAddressReader"/>) merges them into word sets: it does not need to know which country a text is from,
/// only that a line fits some country's layout.
/// </summary>
internal static class AddressLayouts
{
    /// <summary>Words that open a unit, floor or building line in any language ("Apt 3B", "Piso 6", "Tầng 8").</summary>
    private static readonly string[] CommonUnits = ["Apt", "Apartment", "Suite", "Ste", "Unit", "Flat", "Floor", "Fl", "Level", "Room", "Rm", "Office", "Shop", "Bldg", "Building", "Block", "Blk", "Tower", "Wing", "Lot", "Plot", "Door", "Box", "No", "Nr", "Nº", "N°", "#"];

    public static readonly AddressLayout[] All =
    [
        new("US", ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr", "Court", "Ct", "Way", "Place", "Pl", "Parkway", "Pkwy", "Highway", "Hwy", "Circle", "Terrace", "Trail", "Square", "Plaza", "Broadway"], ["Apt", "Suite", "Ste", "Unit", "Fl", "floor", "fl", "apt", "suite", "unit"], [], @"\d{5}(?:-\d{4})?", []),
        new("CA", ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Rue", "Chemin", "Boul", "Côte", "Montée", "Rang"], ["Bureau", "App", "Appartement", "Suite", "Unit"], [], @"[A-Z]\d[A-Z] ?\d[A-Z]\d", ["Montréal", "Toronto", "Vancouver", "Calgary", "Ottawa", "Québec"]),
        new("UK", ["Street", "St", "Road", "Rd", "Lane", "Avenue", "Close", "Gardens", "Crescent", "Terrace", "Mews", "Grove", "Row", "Square", "Hill", "Walk", "Parade", "Wharf", "Yard"], ["Flat", "Apartment", "Unit", "Suite"], [], @"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", ["London", "Manchester", "Edinburgh", "Glasgow", "Cardiff", "Belfast"]),
        new("IE", ["Street", "Road", "Avenue", "Square", "Quay", "Estate", "Park", "Terrace", "Lane"], ["Unit", "Apartment", "Flat"], ["Co"], @"[AC-FHKNPRTV-Y]\d{2}|D6W ?[AC-FHKNPRTV-Y\d]{4}", ["Dublin", "Cork", "Galway", "Limerick"]),
        new("AU", ["Street", "St", "Road", "Rd", "Parade", "Pde", "Circuit", "Crescent", "Esplanade", "Highway"], ["Unit", "Level", "Suite", "Shop"], [], @"\d{4}", ["NSW", "VIC", "QLD", "TAS", "ACT"]),
        new("NZ", ["Street", "St", "Road", "Rd", "Terrace", "Quay", "Crescent", "Place"], ["Unit", "Level", "Flat"], [], @"\d{4}", ["Auckland", "Wellington", "Christchurch", "Hamilton", "Dunedin"]),
        new("DE", ["Straße", "Strasse", "Str", "Weg", "Platz", "Allee", "Gasse", "Ring", "Damm", "Ufer", "-straße", "-strasse", "-str", "-weg", "-platz", "-allee", "-gasse", "-ring", "-damm", "-ufer"], ["Whg", "Wohnung", "App", "OG", "EG", "DG", "Hinterhof", "Hinterhaus", "Vorderhaus", "Gartenhaus", "Seitenflügel"], ["Industriegebiet", "Gewerbegebiet", "Gewerbepark"], @"\d{5}", ["Berlin", "München", "Hamburg", "Köln", "Frankfurt"]),
        new("AT", ["Straße", "Gasse", "Platz", "-straße", "-gasse", "-platz", "-weg"], ["Top", "Stiege", "Tür"], ["Bezirk"], @"\d{4}", ["Wien", "Graz", "Linz", "Salzburg", "Innsbruck"]),
        new("CH", ["Strasse", "Gasse", "Platz", "-strasse", "-gasse", "-weg", "Rue", "Chemin", "Via"], ["Postfach"], [], @"\d{4}", ["Zürich", "Genève", "Basel", "Bern", "Lausanne"]),
        new("FR", ["Rue", "Avenue", "Av", "Boulevard", "Bd", "Place", "Chemin", "Allée", "Impasse", "Quai", "Route", "Cours", "Passage"], ["Bâtiment", "Bât", "Escalier", "Esc", "Étage", "Appartement", "Appt", "BP", "Résidence", "étage", "bât", "esc", "appt"], ["Cedex", "Industrielle", "ZI", "ZA"], @"\d{5}", ["Paris", "Lyon", "Marseille", "Strasbourg", "Bordeaux"]),
        new("BE", ["Rue", "Avenue", "Straat", "Laan", "Steenweg", "-straat", "-laan", "-steenweg", "-lei"], ["Bus", "Boîte", "Bte", "bus", "bte", "boîte"], [], @"\d{4}", ["Bruxelles", "Brussel", "Antwerpen", "Gent", "Liège"]),
        new("NL", ["Straat", "Laan", "Weg", "Gracht", "Plein", "Kade", "Singel", "Dijk", "-straat", "-laan", "-weg", "-gracht", "-plein", "-kade", "-singel", "-dijk"], ["Hs", "Bis"], [], @"\d{4} ?[A-Z]{2}", ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag"]),
        new("LU", ["Rue", "Avenue", "Boulevard", "Route"], [], [], @"L-\d{4}", ["Luxembourg"]),
        new("IT", ["Via", "Viale", "Piazza", "Corso", "Largo", "Vicolo", "Strada", "Piazzale", "Lungomare"], ["Interno", "Int", "Scala", "Sc", "Piano", "Edificio", "scala", "piano", "interno", "int"], ["Frazione", "Fraz", "Industriale", "Artigianale"], @"\d{5}", ["Roma", "Milano", "Napoli", "Torino", "Firenze"]),
        new("ES", ["Calle", "C/", "Avenida", "Avda", "Av", "Plaza", "Pza", "Paseo", "Camino", "Carretera", "Ctra", "Ronda", "Travesía", "Carrer", "Passeig", "Avinguda", "Rúa"], ["Piso", "Planta", "Puerta", "Pta", "Escalera", "Esc", "Bajo", "Local", "piso", "planta", "puerta", "escalera", "esc"], ["Urbanización", "Urb", "Barrio", "Polígono", "Industrial", "Empresarial"], @"\d{5}", ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Álava", "Araba", "Albacete", "Alicante", "Almería", "Asturias", "Ávila", "Badajoz", "Burgos", "Cáceres", "Cádiz", "Cantabria", "Castellón", "Cuenca", "Girona", "Gipuzkoa", "Guipúzcoa", "Granada", "Huelva", "Huesca", "Jaén", "Lleida", "Lugo", "Málaga", "Murcia", "Navarra", "Ourense", "Palencia", "Pontevedra", "Salamanca", "Segovia", "Soria", "Tarragona", "Teruel", "Toledo", "Valladolid", "Bizkaia", "Vizcaya", "Zamora", "Zaragoza"]),
        new("PT", ["Rua", "Avenida", "Av", "Praça", "Travessa", "Largo", "Estrada", "Alameda", "Calçada"], ["Andar", "Esq", "Dto", "Fração", "esq", "dto", "andar"], ["Freguesia"], @"\d{4}-\d{3}", ["Lisboa", "Porto", "Coimbra", "Braga"]),
        new("PL", ["ul", "al", "pl", "os", "ulica", "aleja"], ["lok", "lokal", "piętro", "m"], [], @"\d{2}-\d{3}", ["Warszawa", "Kraków", "Łódź", "Wrocław", "Gdańsk", "Poznań"]),
        new("CZ", ["ulice", "třída", "náměstí", "nám"], ["byt"], [], @"\d{3} ?\d{2}", ["Praha", "Brno", "Ostrava", "Plzeň"]),
        new("SK", ["ulica", "námestie", "nám"], ["byt"], [], @"\d{3} ?\d{2}", ["Bratislava", "Košice", "Žilina"]),
        new("HU", ["utca", "út", "tér", "körút", "u", "krt", "-utca", "-út"], ["emelet", "em", "ajtó"], ["kerület", "ker"], @"\d{4}", ["Budapest", "Debrecen", "Szeged"]),
        new("RO", ["Strada", "Str", "Bulevardul", "Bd", "Calea", "Șoseaua", "Piața", "Aleea"], ["Bloc", "Bl", "Scara", "Sc", "Etaj", "Et", "Ap", "bl", "sc", "et", "ap", "etaj", "scara", "bloc", "nr"], ["Sector", "Sectorul", "Județul", "Jud", "sector", "sectorul"], @"\d{6}", ["București", "Bucuresti", "Cluj-Napoca", "Iași", "Timișoara"]),
        new("BG", ["ulitsa", "ul", "bul", "bulevard", "Blvd"], ["bl", "vh", "et", "ap"], ["zh.k", "kv"], @"\d{4}", ["Sofia", "Plovdiv", "Varna"]),
        new("GR", ["Odos", "Leoforos", "Leof", "Plateia", "Akti", "-odos"], ["Orofos"], [], @"\d{3} ?\d{2}", ["Athina", "Athens", "Thessaloniki", "Piraeus", "Peiraias", "Patra", "Heraklion"]),
        new("HR", ["Ulica", "Trg", "Cesta", "-ulica"], ["kat"], [], @"\d{5}", ["Zagreb", "Split", "Rijeka"]),
        new("SI", ["Ulica", "Cesta", "Trg", "-ulica", "-cesta"], [], [], @"(?:SI-)?\d{4}", ["Ljubljana", "Maribor"]),
        new("DK", ["Vej", "Gade", "Allé", "Torv", "Plads", "Stræde", "-vej", "-gade", "-allé", "-torv", "-plads", "-stræde"], ["sal", "th", "tv", "st", "mf"], [], @"\d{4}", ["København", "Aarhus", "Odense"]),
        new("SE", ["Gatan", "Vägen", "Gata", "Väg", "Torget", "Gränd", "-gatan", "-vägen", "-gata", "-väg", "-torget", "-gränd", "-backen", "-stigen"], ["lgh", "tr", "vån"], [], @"\d{3} ?\d{2}", ["Stockholm", "Göteborg", "Malmö", "Uppsala"]),
        new("NO", ["Gate", "Gata", "Veien", "Vei", "Vegen", "Plass", "Torg", "-gate", "-gata", "-veien", "-vei", "-vegen", "-plass", "-torg"], ["leil"], [], @"\d{4}", ["Oslo", "Bergen", "Trondheim", "Stavanger"]),
        new("FI", ["Katu", "Tie", "Kuja", "Polku", "Tori", "-katu", "-tie", "-kuja", "-polku", "-tori", "-gatan"], ["krs"], [], @"\d{5}", ["Helsinki", "Espoo", "Tampere", "Turku"]),
        new("EE", ["tänav", "tn", "maantee", "mnt", "puiestee", "pst", "-tänav"], ["korter"], [], @"\d{5}", ["Tallinn", "Tartu"]),
        new("LV", ["iela", "bulvāris", "bulv", "-iela"], ["dz"], [], @"LV-\d{4}", ["Rīga", "Riga"]),
        new("LT", ["gatvė", "g", "prospektas", "pr", "-gatvė"], ["butas"], [], @"LT-\d{5}", ["Vilnius", "Kaunas"]),
        new("CY", ["Street", "Avenue", "Odos", "Leoforos"], ["Flat", "Office"], [], @"\d{4}", ["Nicosia", "Limassol", "Larnaca"]),
        new("MT", ["Street", "Triq", "Misraħ"], ["Flat"], [], @"[A-Z]{3} ?\d{4}", ["Valletta", "Sliema"]),
        new("MX", ["Calle", "Avenida", "Av", "Calzada", "Calz", "Boulevard", "Blvd", "Periférico", "Circuito", "Privada", "Prolongación"], ["Int", "Interior", "Ext", "Exterior", "Depto", "Piso", "Local", "Despacho", "int", "depto", "piso"], ["Col", "Colonia", "Fracc", "Fraccionamiento", "Delegación", "Alcaldía", "Mz", "Lt"], @"\d{5}", ["CDMX", "Jal", "NL", "Edomex", "Qro", "Gto", "Ags", "Chih", "Coah", "Dgo", "Gro", "Hgo", "Mich", "Nay", "Oax", "Pue", "Tamps", "Tlax", "Yuc", "Zac", "Chis", "SLP", "BCS", "Guadalajara", "Monterrey", "Puebla", "Querétaro"]),
        new("BR", ["Rua", "R", "Avenida", "Av", "Alameda", "Travessa", "Praça", "Estrada", "Rodovia"], ["Apto", "Apt", "Sala", "Bloco", "Conjunto", "Cj", "Andar", "apto", "sala", "andar", "bloco"], ["Bairro", "Jardim", "Jd", "Vila", "Setor"], @"\d{5}-?\d{3}", ["São Paulo", "Rio de Janeiro", "SP", "RJ", "MG"]),
        new("AR", ["Calle", "Avenida", "Av", "Pasaje", "Diagonal", "Boulevard", "Bulevar", "Bv", "Bvar"], ["Piso", "Depto", "Dto", "Departamento", "Oficina", "Of", "PB", "Timbre", "piso", "depto", "dto", "oficina"], ["Barrio", "Bº"], @"[A-Z]\d{4}(?:[A-Z]{3})?|\d{4}", ["CABA", "Buenos Aires", "Córdoba", "Rosario", "Mendoza", "Santa Fe", "Tucumán", "Neuquén", "Salta", "Chubut"]),
        new("CL", ["Calle", "Avenida", "Av", "Pasaje", "Camino"], ["Depto", "Dpto", "Oficina", "Of", "Piso", "Casa", "depto", "dpto", "piso", "oficina"], ["Comuna", "Villa", "Población"], @"\d{7}|\d{3}-?\d{4}", ["Santiago", "Valparaíso", "Concepción", "Providencia", "Las Condes"]),
        new("CO", ["Calle", "Cl", "Carrera", "Cra", "Kr", "Avenida", "Av", "Diagonal", "Dg", "Transversal", "Tv", "Autopista"], ["Oficina", "Of", "Apto", "Apartamento", "Piso", "Local", "Torre", "Interior", "Int"], ["Barrio", "Localidad"], @"\d{6}", ["Bogotá", "Medellín", "Cali", "Barranquilla", "D.C"]),
        new("PE", ["Avenida", "Av", "Calle", "Jirón", "Jr", "Pasaje", "Psje", "Malecón"], ["Dpto", "Depto", "Oficina", "Of", "Piso", "Int", "Mz", "Lote", "Lt"], ["Urbanización", "Urb", "Distrito"], @"\d{5}|LIMA \d{2}", ["Lima", "Miraflores", "San Isidro", "Arequipa", "Cusco"]),
        new("JP", ["Dori", "Dōri", "-dori", "-dōri", "-chome", "-chō", "-cho"], ["Bldg", "Building", "Room", "F", "Heights", "Mansion"], ["-ku", "-shi", "-to", "-fu", "-ken", "-gun", "-machi", "Ku", "Shi", "Ken", "Chome"], @"\d{3}-\d{4}", ["Tokyo", "Osaka", "Kyoto", "Yokohama", "Nagoya", "Sapporo", "Fukuoka"]),
        new("KR", ["-ro", "-gil", "-daero", "Daero", "Ro", "Gil"], ["Ho", "Dong", "F"], ["-gu", "-si", "-dong", "-eup", "-myeon", "-do", "Gu", "Si"], @"\d{5}", ["Seoul", "Busan", "Incheon", "Daegu", "Daejeon", "Gwangju"]),
        new("CN", ["Lu", "Jie", "Dajie", "Road", "Street", "-lu", "-jie", "-dajie", "Hutong", "-hutong", "Xiang", "-xiang"], ["Hao", "Shi", "Lou", "Ceng", "Room", "Floor", "Unit"], ["Qu", "-qu", "District", "Shi", "Xian", "Zhen", "Jiedao"], @"\d{6}", ["Beijing", "Shanghai", "Guangzhou", "Shenzhen", "Chengdu", "Hangzhou"]),
        new("IN", ["Road", "Rd", "Marg", "Street", "Lane", "Salai", "Path", "Cross", "Main"], ["Flat", "House", "Plot", "Door", "Floor", "Block", "Tower", "Wing"], ["Nagar", "Colony", "Sector", "Layout", "Vihar", "Enclave", "Phase", "Extension", "Puram", "-nagar", "-puram", "-pet", "-halli"], @"\d{3} ?\d{3}", ["Mumbai", "Delhi", "New Delhi", "Bengaluru", "Bangalore", "Chennai", "Hyderabad", "Pune", "Kolkata"]),
        new("SG", ["Road", "Street", "Avenue", "Drive", "Jalan", "Lorong", "Crescent", "Boulevard"], ["Unit", "Blk", "Block", "Level", "#"], [], @"\d{6}", ["Singapore"]),
        new("MY", ["Jalan", "Jln", "Lorong", "Lrg", "Persiaran", "Lebuh", "Lebuhraya", "Lebuh Raya"], ["Level", "Tingkat", "Aras", "Lot", "Unit", "Blok", "No", "Menara", "Wisma", "Bangunan"], ["Taman", "Tmn", "Bandar", "Seksyen", "Kampung", "Kg"], @"\d{5}", ["Kuala Lumpur", "Selangor", "Johor", "Penang", "Pulau Pinang", "Petaling Jaya", "Subang Jaya", "Shah Alam"]),
        new("ID", ["Jalan", "Jl", "Jln", "Gang", "Gg"], ["Lantai", "Lt", "Gedung", "Kav", "Blok", "No", "RT", "RW", "Wisma", "Menara"], ["Kelurahan", "Kel", "Kecamatan", "Kec", "Kabupaten", "Kab", "Kota"], @"\d{5}", ["Jakarta", "Jakarta Selatan", "Jakarta Pusat", "Surabaya", "Bandung", "Medan", "DKI"]),
        new("TH", ["Soi", "Road", "Rd", "Thanon", "Moo"], ["Floor", "Room", "Building", "Moo"], ["Khwaeng", "Khet", "Tambon", "Amphoe", "Changwat", "District", "Subdistrict"], @"\d{5}", ["Bangkok", "Chiang Mai", "Phuket", "Nonthaburi"]),
        new("VN", ["Đường", "Duong", "Phố", "Pho", "Ngõ", "Ngo", "Hẻm", "Hem", "Street"], ["Tầng", "Tang", "Phòng", "Phong", "Lầu", "Tòa", "Toa", "nhà"], ["Phường", "Phuong", "Quận", "Quan", "Huyện", "Huyen", "Xã", "Thành phố", "TP", "Tỉnh", "Ward", "District"], @"\d{6}", ["Hà Nội", "Ha Noi", "Hanoi", "Hồ Chí Minh", "Ho Chi Minh", "Đà Nẵng", "Da Nang"]),
        new("PH", ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Drive"], ["Unit", "Floor", "Tower", "Building", "Bldg", "Lot", "Blk"], ["Barangay", "Brgy", "Subdivision", "Subd", "Village"], @"\d{4}", ["Manila", "Makati", "Quezon City", "Taguig", "Pasig", "Cebu City", "Metro Manila"]),
        new("AE", ["Street", "St", "Road", "Rd"], ["Office", "Villa", "Flat", "Tower", "Building", "Floor", "Unit"], ["Community", "Area"], @"\d{6}", ["Dubai", "Abu Dhabi", "Sharjah", "Ajman"]),
        new("SA", ["Street", "St", "Road", "Rd"], ["Office", "Villa", "Building", "Unit"], ["District", "Dist"], @"\d{5}(?:-\d{4})?", ["Riyadh", "Jeddah", "Dammam", "Mecca", "Medina"]),
        new("TR", ["Caddesi", "Cad", "Cd", "Sokak", "Sokağı", "Sok", "Sk", "Bulvarı", "Blv", "Meydanı", "Yolu"], ["No", "Kat", "Daire", "Blok"], ["Mahallesi", "Mah", "Mh", "Sitesi"], @"\d{5}", ["İstanbul", "Istanbul", "Ankara", "İzmir", "Izmir", "Bursa", "Antalya"]),
        new("IL", ["Street", "St", "Rehov", "Sderot", "Derech"], ["Apt", "Floor", "Entrance", "floor", "apt"], [], @"\d{7}|\d{5}", ["Tel Aviv", "Jerusalem", "Haifa", "Tel Aviv-Yafo"]),
        new("EG", ["Street", "St", "Road", "Shareh", "Corniche"], ["Apt", "Floor", "Building"], ["District", "Zamalek", "Dokki", "Maadi"], @"\d{5}", ["Cairo", "Giza", "Alexandria"]),
        new("MA", ["Rue", "Avenue", "Av", "Boulevard", "Bd", "Derb", "Zankat"], ["Appartement", "Appt", "Étage", "Immeuble", "Imm"], ["Quartier", "Hay"], @"\d{5}", ["Casablanca", "Rabat", "Marrakech", "Fès", "Tanger"]),
        new("ZA", ["Street", "St", "Road", "Rd", "Avenue", "Drive", "Crescent"], ["Unit", "Suite", "Floor", "Office"], ["Suburb"], @"\d{4}", ["Cape Town", "Johannesburg", "Durban", "Pretoria", "Sandton"]),
        new("NG", ["Street", "St", "Road", "Rd", "Avenue", "Close", "Crescent", "Way"], ["Plot", "Flat", "Suite", "Block"], ["Estate", "LGA", "Industrial"], @"\d{6}", ["Lagos", "Abuja", "Ikeja", "Lekki", "Victoria Island", "Port Harcourt"]),
        new("KE", ["Street", "St", "Road", "Rd", "Avenue", "Lane", "Highway"], ["House", "Floor", "Suite", "Office"], ["Estate"], @"\d{5}|\d{1,6}-\d{5}", ["Nairobi", "Mombasa", "Kisumu", "Westlands"]),
        new("UA", ["vul", "vulytsia", "vulytsya", "prosp", "prospekt", "pr", "prov", "provulok", "bulv", "bulvar", "pl", "ploshcha", "ul"], ["kv", "of", "pov", "bud", "korp"], ["raion", "r-n", "oblast", "obl"], @"\d{5}", ["Kyiv", "Kiev", "Lviv", "Odesa", "Kharkiv", "Dnipro"]),
        new("RU", ["ul", "ulitsa", "prospekt", "pr-t", "pr", "pereulok", "shosse", "sh", "bulvar", "b-r", "pl", "ploshchad", "naberezhnaya", "nab"], ["kv", "dom", "korp", "stroenie", "etazh"], ["raion", "r-n", "oblast", "obl", "mkr"], @"\d{6}", ["Moskva", "Moscow", "Sankt-Peterburg", "Saint Petersburg", "Novosibirsk", "Kazan"]),
    ];

    /// <summary>Words of unit lines shared by every layout, added to each country's own.</summary>
    public static IReadOnlyList<string> SharedUnitWords => CommonUnits;
}
