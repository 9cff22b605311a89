using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>Shared helpers: what the default detector reports for a text.</summary>
internal static class Detected
{
    private static readonly PiiDetector Detector = new();

    public static List<(PiiEntityType Type, string Value)> In(string text) =>
        [.. Detector.Detect(text).Select(m => (m.Type, text.Substring(m.Start, m.Length)))];

    public static List<string> Of(PiiEntityType type, string text) => [.. In(text).Where(f => f.Type == type).Select(f => f.Value)];
}

public sealed class SecretFormatTests
{
    [Theory]
    [InlineData("Twilio key SKa1b2c3d4e5f60718293a4b5c6d7e8f90 leaked", "SKa1b2c3d4e5f60718293a4b5c6d7e8f90")]
    [InlineData("slack app token xapp-1-A04BZ7KQ2LM-5512093847712-9f8e7d6c5b4a39281706f5e4d3c2b1a0 is in the repo", "xapp-1-A04BZ7KQ2LM-5512093847712-9f8e7d6c5b4a39281706f5e4d3c2b1a0")]
    [InlineData("user token xoxp-7730012-55120938-88812345-3c2b1a0f9e8d7c6b5a4 expired", "xoxp-7730012-55120938-88812345-3c2b1a0f9e8d7c6b5a4")]
    [InlineData("runner token glrt-Zq81xLmB2vYt7RcW0pKd issued", "glrt-Zq81xLmB2vYt7RcW0pKd")]
    [InlineData("deploy token gldt-Hx29sMvQ4nTb8LcZ1wEr for the registry", "gldt-Hx29sMvQ4nTb8LcZ1wEr")]
    [InlineData("upload with pypi-AgEIcHlwaS5vcmcCJGQ5ZjE4YjI3LWE0ZDUtNDQyZi1iNjM3LTM4YWQ2Y2JmNzE0MgACKlszLCJ0b2tlbiJd in CI", "pypi-AgEIcHlwaS5vcmcCJGQ5ZjE4YjI3LWE0ZDUtNDQyZi1iNjM3LTM4YWQ2Y2JmNzE0MgACKlszLCJ0b2tlbiJd")]
    [InlineData("mailgun key-3f9e8d7c6b5a49382716a5b4c3d2e1f0 rotated", "key-3f9e8d7c6b5a49382716a5b4c3d2e1f0")]
    [InlineData("Mailgun: 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d-8f9e0a1b-2c3d4e5f in the old repo", "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d-8f9e0a1b-2c3d4e5f")]
    [InlineData("DO token dop_v1_4c8f2e6a9b1d3f5e7a0c2b4d6f8e1a3c5b7d9f0e2a4c6b8d1f3e5a7c9b0d2f4e", "dop_v1_4c8f2e6a9b1d3f5e7a0c2b4d6f8e1a3c5b7d9f0e2a4c6b8d1f3e5a7c9b0d2f4e")]
    [InlineData("shopify 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 works", "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")]
    [InlineData("groq gsk_Qm4Zp8Tn2Vx6Rb0Lc3Hw7Jk1Yd5Fs9Ga2Ue6Io0Pq4Wr8Ty in the notebook", "gsk_Qm4Zp8Tn2Vx6Rb0Lc3Hw7Jk1Yd5Fs9Ga2Ue6Io0Pq4Wr8Ty")]
    [InlineData("vault says hvs.CAESIJq8Zx2Lm4Np6Rt8Vw0Yb2Dd4Ff6Hh8Jj0Ll2Nn4Pp6 is valid", "hvs.CAESIJq8Zx2Lm4Np6Rt8Vw0Yb2Dd4Ff6Hh8Jj0Ll2Nn4Pp6")]
    [InlineData("client secret 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 is committed", "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")]
    [InlineData("bot 7712345678:AAH3kLm9Qp2Rs8Tv4Wx6Yz0Ab1Cd5Ef7Gh9 answers", "7712345678:AAH3kLm9Qp2Rs8Tv4Wx6Yz0Ab1Cd5Ef7Gh9")]
    [InlineData("npm token npm_Zx8Cv7Bn6Ma5Sd4Fg3Hj2Kl1Qw9Er0Ty8Ui7Op6 in .npmrc", "npm_Zx8Cv7Bn6Ma5Sd4Fg3Hj2Kl1Qw9Er0Ty8Ui7Op6")]
    [InlineData("databricks dapi0123456789abcdef0123456789abcdef for jobs", "dapi0123456789abcdef0123456789abcdef")]
    public void VendorToken_Found(string text, string token) => Assert.Contains(token, Detected.Of(PiiEntityType.Secret, text));

    [Fact]
    public void Webhook_SlackAndDiscord_FoundAsUrlWithCredentials()
    {
        const string slack = "https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/q8Zx2Lm4Np6Rt8Vw0Yb2Dd4F";
        const string discord = "https://discord.com/api/webhooks/112233445566778899/Zq81xLmB2vYt7RcW0pKdHx29sMvQ4nTb8LcZ1wEr";
        Assert.Equal([(PiiEntityType.UrlWithCredentials, slack)], Detected.In($"post alerts to {slack} please"));
        Assert.Equal([(PiiEntityType.UrlWithCredentials, discord)], Detected.In($"our bot uses {discord}"));
    }

    [Theory]
    [InlineData("sample creds from the SDK guide: AKIAJ2EXAMPLEKEYID12 and Zk3rTq8/EXAMPLESECRET/Wn5Lp2Vx9Hc4Bd7Ms1")]
    [InlineData("aws_access_key_id=ASIAEXAMPLE7Q2W3E4R5T")]
    [InlineData("publishable key pk_live_7Hq2Zr9Lm4Xc8Vb1Nw3Kd6Tf for the storefront")]
    [InlineData("pk_test_Q2mZ7Lp4RtV8nB1cW6yH3kJ0 goes in the browser bundle")]
    [InlineData("TWILIO_ACCOUNT_SID=AC7e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b")]
    [InlineData("the fixture uses xoxp-fake-user-token and ghp_notarealtokenforthetests")]
    [InlineData("sk_live_replacewithyourownkeyvalue in the sample")]
    public void PublicSampleOrStandIn_NotSecret(string text) => Assert.Empty(Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("region   = \"eu-west-1\"\nadmin_password    = \"Rk8#vq2!Lm0zTp\"", "Rk8#vq2!Lm0zTp")]
    [InlineData("[smtp]\nsmtp_pass       : Zp4$wL9qXc2m", "Zp4$wL9qXc2m")]
    [InlineData("Kim: the password for the staging VPN: Gq5!tR8zWm2x — rotate it Friday", "Gq5!tR8zWm2x")]
    [InlineData("new passcode to the lockers is 7Tz!kq94Lx", "7Tz!kq94Lx")]
    public void AlignedOrSpokenPassword_Found(string text, string value) => Assert.Contains(value, Detected.Of(PiiEntityType.Secret, text));

    [Fact]
    public void AwsSecret_NextToKeyId_FoundWithoutCueWord()
    {
        const string text = "creds: AKIAZ7QW3ERT5YUI8OPL / Lm4Np6Rt8Vw0Yb2Dd4Ff6Hh8Jj0Ll2Nn4Pp6Qq8S";
        Assert.Contains("Lm4Np6Rt8Vw0Yb2Dd4Ff6Hh8Jj0Ll2Nn4Pp6Qq8S", Detected.Of(PiiEntityType.Secret, text));
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=q8Zx2Lm4Np6Rt8Vw0Yb2Dd4Ff6Hh8Jj0Ll2Nn4Pp6Rr8Tt0Vv2Xx4Zz6Bb8Dd0Ff2Hh4Jj6Ll8Nn0Pp2Rr4Tt6Vv8Xx0Z==;EndpointSuffix=core.windows.net",
        "q8Zx2Lm4Np6Rt8Vw0Yb2Dd4Ff6Hh8Jj0Ll2Nn4Pp6Rr8Tt0Vv2Xx4Zz6Bb8Dd0Ff2Hh4Jj6Ll8Nn0Pp2Rr4Tt6Vv8Xx0Z==")]
    [InlineData("Server=db01;Database=crm;User Id=app;Password=Wq7!zLp2#rT;", "Wq7!zLp2#rT")]
    [InlineData("export STRIPE_WEBHOOK_SECRET=Zq81xLmB2vYt7RcW0pKd", "Zq81xLmB2vYt7RcW0pKd")]
    [InlineData("  client_secret: \"9fK2mQ7xLp4RtZ8vN3bW\"", "9fK2mQ7xLp4RtZ8vN3bW")]
    [InlineData("{\"api_key\": \"c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8\"}", "c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8")]
    [InlineData("the Mistral API key is Hx29sMvQ4nTb8LcZ1wErQm4Zp8Tn", "Hx29sMvQ4nTb8LcZ1wErQm4Zp8Tn")]
    [InlineData("SMTP_PASS=Winter2031?", "Winter2031?")]
    [InlineData("door passcode: 884213", "884213")]
    [InlineData("the wifi password is 'bluefrog88' for guests", "bluefrog88")]
    [InlineData("GOOGLE_MAPS_KEY=AIzaSyQ2mZ7Lp4RtV8nB1cW6yH3kJ0dPqA5sE", "AIzaSyQ2mZ7Lp4RtV8nB1cW6yH3kJ0dPqA5sE")]
    [InlineData("old token ghp_Q2mZ7Lp4RtV8nB1cW6yH3kJ0dPq still works", "ghp_Q2mZ7Lp4RtV8nB1cW6yH3kJ0dPq")]
    [InlineData("key id AKIAQ2MZ7LP4RTV8NB1 (rotated)", "AKIAQ2MZ7LP4RTV8NB1")]
    [InlineData("Cookie: sessionid=4f6b9c2e1a2b3c4d5e6f7a8b9c1e8a4d", "4f6b9c2e1a2b3c4d5e6f7a8b9c1e8a4d")]
    [InlineData("curl -H \"Authorization: Bearer 7aQ2mZ9xLp4RtV8nB1cW6yH3kJ0dPq\" https://api.example.net", "7aQ2mZ9xLp4RtV8nB1cW6yH3kJ0dPq")]
    public void AssignedOrSpokenSecret_Found(string text, string value) => Assert.Contains(value, Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("Set OPENAI_API_KEY=sk-... before running the script.")]
    [InlineData("api_key: <YOUR_API_KEY>")]
    [InlineData("password = \"changeme\"")]
    [InlineData("export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("token: ${{ secrets.NPM_TOKEN }}")]
    [InlineData("DB_PASSWORD=$DB_PASSWORD_FROM_VAULT")]
    [InlineData("password: os.environ[\"DB_PASSWORD\"]")]
    [InlineData("client_secret = settings.client_secret")]
    [InlineData("token_type: refresh_token")]
    [InlineData("The password must be at least 12 characters; password reset links expire.")]
    [InlineData("api_key=REPLACE_WITH_YOUR_KEY")]
    [InlineData("Authorization: Basic authentication is disabled")]
    [InlineData("api_key_header: X-Api-Key")]
    [InlineData("password_reset_url: https://accounts.example.org/reset")]
    [InlineData("the token expired yesterday and the secret rotation job failed")]
    [InlineData("Commit 9f3b2c7e1a6d4058b2e7c9a1f0d3e4b5c6d7e8f9 fixed it; request id 3f2b9c1e-8a4d-4f6b-9c2e-1a2b3c4d5e6f.")]
    [InlineData("sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 matches")]
    public void PlaceholderOrReference_NotSecret(string text) => Assert.Empty(Detected.Of(PiiEntityType.Secret, text));
}

public sealed class IpLookAlikeTests
{
    [Theory]
    [InlineData("Allow 10.0.0.0/16 and 172.16.0.0/12 in the security group.")]
    [InlineData("The VPC CIDR is 192.168.32.0/20.")]
    [InlineData("Route 2001:db8:abcd::/48 to the tunnel.")]
    [InlineData("netmask 255.255.255.0, wildcard 0.0.0.255")]
    [InlineData("The server listens on 0.0.0.0:8080.")]
    [InlineData("Broadcast goes to 255.255.255.255.")]
    [InlineData("See section 4.2.1.3 of the spec.")]
    [InlineData("OID 2.5.4.3 is the common name.")]
    [InlineData("User agent Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36")]
    [InlineData("Node ip-10-12-3-44.ec2.internal is NotReady.")]
    [InlineData("Firmware 4.12.0.7 fixes the boot loop.")]
    [InlineData("Upgrade from 2.4.0.1 to 3.0.0.12 fixed it.")]
    [InlineData("After the upgrade to 10.4.22.117 the crash is gone.")]
    [InlineData("Peers share the 10.20.0.0 network.")]
    [InlineData("The office LAN is the 192.168.7.0 subnet.")]
    [InlineData("MAC 00:1a:2b:3c:4d:5e and fingerprint 43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8")]
    public void NotAHostAddress_NotReported(string text) => Assert.Empty(Detected.Of(PiiEntityType.IpAddress, text));

    [Theory]
    [InlineData("Login from 81.2.69.160 at 09:14.", "81.2.69.160")]
    [InlineData("Pod IP 10.244.3.17 is unreachable.", "10.244.3.17")]
    [InlineData("eth0 has inet 10.0.1.12/24 brd 10.0.1.255", "10.0.1.12")]
    [InlineData("connect to 172.31.5.9:5432 failed", "172.31.5.9")]
    [InlineData("ping 8.8.8.8 works, DNS does not", "8.8.8.8")]
    [InlineData("The web server at 3.120.0.45 returns 502.", "3.120.0.45")]
    [InlineData("host fd12:3456:789a:1::2f refused", "fd12:3456:789a:1::2f")]
    [InlineData("client 2001:db8:85a3::8a2e:370:7334 sent it", "2001:db8:85a3::8a2e:370:7334")]
    public void HostAddress_Reported(string text, string ip) => Assert.Contains(ip, Detected.Of(PiiEntityType.IpAddress, text));
}

public sealed class PhoneLookAlikeTests
{
    [Theory]
    [InlineData("[2025-03-14 09:26:53] WARN retry scheduled")]
    [InlineData("Logged at 14.03.2025 09:26 by the scheduler.")]
    [InlineData("Order ORD-2025-448812 and invoice INV-77120934 are linked.")]
    [InlineData("House no. 12-5-149/3, near the temple")]
    [InlineData("Revenue was $ 12 450 000 this year.")]
    [InlineData("We moved 1 048 576 bytes in 3 ms.")]
    [InlineData("Coordinates 48.8584 2.2945 mark the tower.")]
    [InlineData("Tracking number 7489 2345 6789 via FedEx.")]
    [InlineData("Employee ID 0044 7911 1234 is on leave.")]
    [InlineData("ISBN 978 0 306 40615 7 is out of print.")]
    [InlineData("Part 10-4432-7781 is back-ordered.")]
    [InlineData("Build 2025.03.14.1 passed.")]
    [InlineData("Use 255.255.255.192 for a /26.")]
    public void NotAPhoneNumber_NotReported(string text) => Assert.Empty(Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Call me on +44 20 7946 0321 after six.", "+44 20 7946 0321")]
    [InlineData("Tel: 030 1234 5678", "030 1234 5678")]
    [InlineData("Telefon 0171/2345678", "0171/2345678")]
    [InlineData("mobile (415) 555-0132 x12", "(415) 555-0132")]
    [InlineData("WhatsApp +91 98220 41376 anytime", "+91 98220 41376")]
    [InlineData("Phone:+33 6 12 34 56 78", "+33 6 12 34 56 78")]
    public void PhoneNumber_StillFound(string text, string phone) => Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));
}

public sealed class AddressLayoutTests
{
    [Theory]
    [InlineData("Send it to Flat 4, Kingsley House, 18 Mill Lane, Leeds LS6 2DH please", "Flat 4, Kingsley House, 18 Mill Lane, Leeds LS6 2DH")]
    [InlineData("Deliver to Rose Cottage, 3 Church Lane, Ludlow SY8 1AP.", "Rose Cottage, 3 Church Lane, Ludlow SY8 1AP")]
    [InlineData("Address: 27 Camden High, London NW1 7JE", "27 Camden High, London NW1 7JE")]
    [InlineData("Livraison : Bâtiment B, 12 rue des Lilas, 31000 Toulouse", "Bâtiment B, 12 rue des Lilas, 31000 Toulouse")]
    [InlineData("Anschrift Gartenweg 7, 2. OG links, 80331 München", "Gartenweg 7, 2. OG links, 80331 München")]
    [InlineData("Adres Oudegracht 231, 3511 NK Utrecht on Monday", "Oudegracht 231, 3511 NK Utrecht")]
    [InlineData("Enviar a Calle Mayor 10, 3º dcha., 28013 Madrid hoy", "Calle Mayor 10, 3º dcha., 28013 Madrid")]
    [InlineData("Spedire a Via Garibaldi 8, scala B, 10122 Torino TO entro lunedì", "Via Garibaldi 8, scala B, 10122 Torino TO")]
    [InlineData("Entrega em SHIS QI 15 Conjunto 8, Lago Sul, Brasília - DF, 71635-280.", "SHIS QI 15 Conjunto 8, Lago Sul, Brasília - DF, 71635-280")]
    [InlineData("Courier to 4-1-889/2, Abids, Hyderabad, Telangana 500001 today", "4-1-889/2, Abids, Hyderabad, Telangana 500001")]
    [InlineData("Ship to Osaka-fu Osaka-shi Kita-ku Umeda 3-1-3, 530-0001 by Friday", "Osaka-fu Osaka-shi Kita-ku Umeda 3-1-3, 530-0001")]
    [InlineData("Wohnung: Mariahilfer Straße 45/3, 1060 Wien.", "Mariahilfer Straße 45/3, 1060 Wien")]
    [InlineData("Lieferung an Seefeldstrasse 88, 8008 Zürich bitte", "Seefeldstrasse 88, 8008 Zürich")]
    [InlineData("Envoyez à Rue Neuve 41, 1000 Bruxelles avant vendredi", "Rue Neuve 41, 1000 Bruxelles")]
    [InlineData("Pakken går til Thorvald Meyers gate 12, 0555 Oslo i morgen", "Thorvald Meyers gate 12, 0555 Oslo")]
    [InlineData("Skicka till Sveavägen 44, 113 50 Stockholm", "Sveavägen 44, 113 50 Stockholm")]
    [InlineData("Send til Nørrebrogade 20, 2200 København", "Nørrebrogade 20, 2200 København")]
    [InlineData("Office: 8 Marina View, #21-02, Singapore 018960", "8 Marina View, #21-02, Singapore 018960")]
    [InlineData("Lot 7, 19 Banksia Road, Bunbury WA 6230", "Lot 7, 19 Banksia Road, Bunbury WA 6230")]
    [InlineData("HQ: 1 Infinite Loop, Cupertino, California 95014.", "1 Infinite Loop, Cupertino, California 95014")]
    [InlineData("Bezorgen op 1e Jacob van Campenstraat 12-II, 1072 BH Amsterdam", "1e Jacob van Campenstraat 12-II, 1072 BH Amsterdam")]
    [InlineData("Spedire a P.za Castello 3, 10123 Torino", "P.za Castello 3, 10123 Torino")]
    [InlineData("Unit 2/48 Ocean Parade, Coogee NSW 2034", "Unit 2/48 Ocean Parade, Coogee NSW 2034")]
    public void Layout_WholeAddressFound(string text, string address) => Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("The 2 Tickets cost 40 EUR at the box office.")]
    [InlineData("Meet at Canary Wharf station at 10.")]
    [InlineData("Version 12 Release, build 2024 QA passed.")]
    public void NotAnAddress_NotReported(string text) => Assert.Empty(Detected.Of(PiiEntityType.Address, text));
}

public sealed class BirthDateFormatTests
{
    [Theory]
    [InlineData("患者 Lee Ji-ho, date of birth 1979年11月3日, 血液型 A", "1979年11月3日")]
    [InlineData("DOB: 2001년 7월 21일", "2001년 7월 21일")]
    public void CjkBirthDate_Found(string text, string date) => Assert.Contains(date, Detected.Of(PiiEntityType.DateOfBirth, text));

    [Fact]
    public void ListUnderBirthDatesHeading_EveryDateFound()
    {
        const string text = "Dates of birth for the insurance form (as on the passports): Ana 2012-05-09; Tomás 2015-11-23; Inés 2019-02-02.";
        Assert.Equal(["2012-05-09", "2015-11-23", "2019-02-02"], Detected.Of(PiiEntityType.DateOfBirth, text));
        const string plural = "Team birthdays for the cake rota (day and month are what matter): Raj 1990-01-17, Lena 1985-06-30, Tom 1979-09-09";
        Assert.Equal(["1990-01-17", "1985-06-30", "1979-09-09"], Detected.Of(PiiEntityType.DateOfBirth, plural));
    }

    [Fact]
    public void ListUnderOtherHeading_NotBirthDate() =>
        Assert.Empty(Detected.Of(PiiEntityType.DateOfBirth, "Born in Leeds, she lists her renewals: car 2026-04-01; flat 2026-09-15; gym 2026-01-31."));

    [Theory]
    [InlineData("Patient d.o.b. 03/22/1987, allergies none", "03/22/1987")]
    [InlineData("D.O.B: 1987-03-22", "1987-03-22")]
    [InlineData("DOB 22-Mar-1987", "22-Mar-1987")]
    [InlineData("born 22 maart 1987 in Delft", "22 maart 1987")]
    [InlineData("nato il 22 marzo 1987 a Bari", "22 marzo 1987")]
    [InlineData("date of birth: 22/03/87", "22/03/87")]
    [InlineData("Födelsedatum 1987.03.22", "1987.03.22")]
    public void BirthDate_Found(string text, string date) => Assert.Contains(date, Detected.Of(PiiEntityType.DateOfBirth, text));

    [Fact]
    public void OtherDateAfterBirthYear_NotBirthDate() =>
        Assert.Empty(Detected.Of(PiiEntityType.DateOfBirth, "She was born in 1984 and started here on 2016-09-12."));

    [Fact]
    public void BirthDateColumn_EveryRowFound()
    {
        const string text = "id;full_name;date_of_birth;city\n1;A. Kim;1990-04-01;Seoul\n2;B. Ode;12.07.1975;Lagos\n3;C. Roy;1969-11-30;Pune\n4;D. Lee;2001-02-14;Busan\n5;E. Yu;1988-08-08;Taipei";
        var found = Detected.Of(PiiEntityType.DateOfBirth, text);
        Assert.Equal(["1990-04-01", "12.07.1975", "1969-11-30", "2001-02-14", "1988-08-08"], found);
    }

    [Fact]
    public void OtherDateColumn_NotBirthDate()
    {
        const string text = "name,joined,last_login\nAnna,2019-01-04,2025-03-01\nBen,2020-06-30,2025-02-11";
        Assert.Empty(Detected.Of(PiiEntityType.DateOfBirth, text));
    }
}

public sealed class NetworkAddressFormTests
{
    [Theory]
    [InlineData("curl http://127.0.0.1:9200/_cat/indices and ping 127.0.1.1")]
    [InlineData("listen [::1]:6379 and bind 127.0.0.53 for the resolver")]
    [InlineData("the kernel says lo: inet 127.0.0.1/8 scope host")]
    public void Loopback_NotReported(string text) => Assert.Empty(Detected.Of(PiiEntityType.IpAddress, text));

    [Theory]
    [InlineData("tcp ESTAB 0 0 2001:0db8:00aa:0001:0000:0000:0000:0099:51022 sshd", "2001:0db8:00aa:0001:0000:0000:0000:0099")]
    [InlineData("netstat: 2a02:c7f:1a2b:3c00:45d1:9e2f:a3b4:7c10:443 ESTABLISHED", "2a02:c7f:1a2b:3c00:45d1:9e2f:a3b4:7c10")]
    [InlineData("reply from 2606:4700:4700::1111: bytes=32 time=9ms", "2606:4700:4700::1111")]
    [InlineData("neighbour fe80::a8b2:44ff:fe10:9c3e on eth1 is stale", "fe80::a8b2:44ff:fe10:9c3e")]
    public void V6InSocketAndToolOutput_HostOnly(string text, string address) =>
        Assert.Equal([address], Detected.Of(PiiEntityType.IpAddress, text));

    [Fact]
    public void AddressAfterMask_StillReported() =>
        Assert.Equal(["10.8.0.1"], Detected.Of(PiiEntityType.IpAddress, "interface tun0: mask 255.255.255.0, router 10.8.0.1, mtu 1400"));

    [Fact]
    public void ValueCalledVersionElsewhere_NotReportedAnywhere() =>
        Assert.Empty(Detected.Of(PiiEntityType.IpAddress, "Banner reads 'node 12.6.3.14 ready' which is the firmware version (12.6.3.14)."));

    [Fact]
    public void PlaceholderUserInfo_NotUrlWithCredentials()
    {
        Assert.Empty(Detected.Of(PiiEntityType.UrlWithCredentials, "template: mysql://username:password@db.example:3306/app"));
        Assert.Empty(Detected.Of(PiiEntityType.UrlWithCredentials, "use amqp://guest:<password>@rabbit:5672/ in your env"));
        Assert.Equal(["redis://:Tq7zLm2vXc9p@cache.internal:6379/1"], Detected.Of(PiiEntityType.UrlWithCredentials, "cache at redis://:Tq7zLm2vXc9p@cache.internal:6379/1 now"));
    }
}

public sealed class PhoneLayoutTests
{
    [Theory]
    [InlineData("Mobile: +44 7700 900 123 (after six)", "+44 7700 900 123")]
    [InlineData("What is your phone number on file? Reply: 07700 900 777", "07700 900 777")]
    [InlineData("Contact: Marta Ruiz (915 44 73 20), reception", "915 44 73 20")]
    public void UnallocatedRangeOrWrappedNumber_Found(string text, string phone) => Assert.Equal([phone], Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Item codes: 5521-8830-17 (hinge), 3310-2298-44 (latch), 772-1904-3361 (spring)")]
    [InlineData("Parcel 1Z 9X8 A41 02 7731 5560 left the depot")]
    [InlineData("walk the tree at 1.3.6.1.4.1.9.9.13.1.3 for temperatures")]
    public void ReferenceLayouts_NotPhone(string text) => Assert.Empty(Detected.Of(PiiEntityType.Phone, text));
}

public sealed class CardRangeTests
{
    [Fact]
    public void CardOutsideKnownRanges_FoundWithCardWord()
    {
        // 16 digits passing Luhn, starting with 3, outside the JCB/Diners/Amex ranges the table knows.
        const string number = "3512 4408 1276 0398";
        Assert.Equal([number], Detected.Of(PiiEntityType.CreditCard, $"charged the JCB card {number} twice"));
        Assert.Empty(Detected.Of(PiiEntityType.CreditCard, $"reference {number} in the ledger"));
    }
}

public sealed class PhoneClauseTests
{
    [Theory]
    [InlineData("Our VAT number is GB 293 7741 25 for invoices.")]
    [InlineData("The company number is 09876543.")]
    [InlineData("Serial numbers for the batch: 0402-1004-221, 0603-2210-470.")]
    [InlineData("Order ids from the export: 0207-9460-318, 0161-4960-832.")]
    public void ReferenceNamedInItsClause_NotPhone(string text) => Assert.Empty(Detected.Of(PiiEntityType.Phone, text));

    [Fact]
    public void WaybillAfterAPhoneLine_NotPhone() =>
        Assert.Equal(["514-555-0173"], Detected.Of(PiiEntityType.Phone, "Téléphone : 514-555-0173\nPurolator waybill 332901775123"));

    [Theory]
    [InlineData("Wants an invoice copy.\n- 12:20 +41 44 268 91 30 left voicemail", "+41 44 268 91 30")]
    [InlineData("The parcel is late. Landline (08) 9325 6618 after six.", "(08) 9325 6618")]
    [InlineData("Reply to the order query. Mobile 0412 883 907 any time.", "0412 883 907")]
    public void PhoneAfterAReferenceInAnotherClause_Found(string text, string phone) => Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));
}

public sealed class SsnColumnTests
{
    [Theory]
    [InlineData("id,name,ssn\n1,A,231904471\n2,B,305 48 1290", "231904471", "305 48 1290")]
    [InlineData("name\tsocial_security\tcity\nA\t412339087\tX\nB\t521 77 3310\tY", "412339087", "521 77 3310")]
    public void SsnColumn_EveryLayoutFound(string text, string compact, string spaced)
    {
        var found = Detected.Of(PiiEntityType.UsSsn, text);
        Assert.Contains(compact, found);
        Assert.Contains(spaced, found);
    }

    [Fact]
    public void OtherColumn_CompactNumberNotSsn() => Assert.Empty(Detected.Of(PiiEntityType.UsSsn, "id,name,order\n1,A,231904471\n2,B,412339087"));
}

public sealed class SecretLayoutTests
{
    [Theory]
    [InlineData("requirepass Qv7-Harbor-2290", "Qv7-Harbor-2290")]
    [InlineData("sentinel auth-pass primary Cobalt-Fjord-5521\nsentinel monitor primary 10.0.0.2 6379 2", "Cobalt-Fjord-5521")]
    [InlineData("masterauth s3cr3tReplica!", "s3cr3tReplica!")]
    [InlineData("[http]\nbasic = YWxpY2U6V2ludGVyLUxha2UtNzc= ; service account", "YWxpY2U6V2ludGVyLUxha2UtNzc=")]
    [InlineData("Log in to the console with ops / Tz8mPq2Lw4 and rotate it.", "Tz8mPq2Lw4")]
    [InlineData("creds: deploy/Xy8-pq91Lm for the staging box", "Xy8-pq91Lm")]
    [InlineData("Guest wifi: SSID Lobby, password Krakow#Rynek42", "Krakow#Rynek42")]
    public void PasswordLayout_Found(string text, string secret) => Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("basic = dGhpcyBpcyBub3Q=")]
    [InlineData("The login page supports read/write and TCP/IP settings.")]
    [InlineData("User guide: see docs/setup2024 for details.")]
    [InlineData("requirepass ${REDIS_PASSWORD}")]
    public void NotACredential_NotReported(string text) => Assert.Empty(Detected.Of(PiiEntityType.Secret, text));
}

public sealed class AddressBoundaryTests
{
    [Fact]
    public void SentenceEndingPostcode_EndsTheAddress() =>
        Assert.Contains("Unit 3, 8 King Street, Newtown NSW 2042", Detected.Of(PiiEntityType.Address, "Ship to: Unit 3, 8 King Street, Newtown NSW 2042. Mobile 0412 555 019."));
}

public sealed class PhonePrecisionClassTests
{
    [Theory]
    [InlineData("203.0.113.9 - - [02/Mar/2025:08:01:44 +0100] \"POST /api/upload HTTP/2\" 201 7734120 \"-\" \"okhttp/4.12\"")]
    [InlineData("10.1.2.3 - - [02/Mar/2025:08:01:45 +0100] \"GET /reports/annual.zip HTTP/1.1\" 206 55012988")]
    [InlineData("proxy: HTTP/1.1 upstream answered 404 2281937 after retry")]
    [InlineData("DISMAN-EVENT-MIB::sysUpTimeInstance = Timeticks: (91827364) 10 days, 15:04:33.64")]
    [InlineData("HOST-RESOURCES-MIB::hrSystemUptime.0 = Timeticks: (30458811) 3 days")]
    [InlineData("Rejected, fails mod 97: FR76 CEPA 3000 4155 8219 07, BE68 BBRU 5390 0754 71.")]
    [InlineData("test data: DE44 5001 0517 5407 3249 32 (checksum off)")]
    [InlineData("Dummy values for the demo: phone 555-0199, card 4000 0000 0000 0000.")]
    [InlineData("These are fictional: call 555-2368 for help.")]
    public void MachineOutputOrShapedNumber_NotPhone(string text) => Assert.Empty(Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Request failed with HTTP/1.1 500; please call me on (030) 4471 2290 instead", "(030) 4471 2290")]
    [InlineData("Kontakt: DE-Team, Tel. 089 2180 3377", "089 2180 3377")]
    [InlineData("A fake courier keeps calling from +49 30 2293 4471, block it.", "+49 30 2293 4471")]
    [InlineData("Account holder Nina Hale, mobile 07700 900 318", "07700 900 318")]
    public void PhoneNearLookAlikes_StillFound(string text, string phone) => Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));
}

public sealed class EmailPrecisionClassTests
{
    [Theory]
    [InlineData("clone it with git clone git@gitlab.example.org:platform/infra.git first")]
    [InlineData("remote: hg@bitbucket.org/team/legacy")]
    [InlineData("rsync -av build/ deploy@web03.internal.example.com:/srv/www/")]
    [InlineData("scp report.pdf backup@nas.example.net:~/incoming/")]
    [InlineData("url = ssh://builder@ci.example.io/srv/repos/app.git")]
    public void ProtocolLogin_NotEmail(string text) => Assert.Empty(Detected.Of(PiiEntityType.Email, text));

    [Theory]
    [InlineData("write to marta.kowalski@example.pl: she owns the budget", "marta.kowalski@example.pl")]
    [InlineData("leaked combo list line: j.doe@mailbox.example:Hunter2024!", "j.doe@mailbox.example")]
    [InlineData("Reply-To: support@shop.example.com", "support@shop.example.com")]
    public void Mailbox_StillEmail(string text, string email) => Assert.Contains(email, Detected.Of(PiiEntityType.Email, text));
}

/// <summary>Phone signals against reference-word vetoes, and passwords given in chat, in both directions.</summary>
public sealed class PhoneSignalAndChatSecretTests
{
    [Theory]
    [InlineData("Card charged twice (order 5521-8830). Callback number +34 699 21 47 80 after five.", "+34 699 21 47 80")]
    [InlineData("Reset requested. Phone on account: +33 6 12 34 56 78.", "+33 6 12 34 56 78")]
    [InlineData("Invoice query from the account team, reach them on +49 30 90182736 today", "+49 30 90182736")]
    [InlineData("Region\tLead\tMobile\tTarget\nWest\tAna Ruiz\t+44 7700 900 112\t£90,000", "+44 7700 900 112")]
    public void A_phone_signal_outweighs_a_reference_word_that_does_not_name_the_number(string text, string phone) =>
        Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Please check order 7731-2290 before Friday.")]
    [InlineData("VAT numbers: GB 123 4567 89; company no. 08123456; DUNS 15-048-3782.")]
    [InlineData("Grant ref EP/X021477/1; cost centre 4410-7720-0031.")]
    public void A_reference_word_that_names_the_number_still_vetoes_it(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("[10:02] Sam: what's the guest wifi pw?\n[10:03] Lee: it's Harbor-Kite-8812! don't share it", "Harbor-Kite-8812!")]
    public void A_password_answered_in_chat_is_a_secret(string text, string secret) =>
        Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("what's the wifi pw? — it's on the fridge, next to the router")]
    [InlineData("the password policy changed; it's 2024-required now")]
    [InlineData("I checked the build and it's working-again now")]
    public void A_chat_answer_that_is_not_a_password_is_not_a_secret(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, text));
}
