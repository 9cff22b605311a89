using System.Buffers;
using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

internal sealed class UrlCredentialsRecognizer : IPiiRecognizer
{
    private static readonly WordSet SecretParams = WordSet.Of(
        "token", "access_token", "accesstoken", "id_token", "refresh_token", "auth", "auth_token", "authtoken", "key", "api_key", "apikey",
        "api-key", "sig", "signature", "x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-goog-signature", "x-goog-credential",
        "secret", "client_secret", "password", "passwd", "pwd", "pass", "session", "sessionid", "session_id", "sid", "code", "jwt", "private_token",
        "sas", "sv", "hmac");

    public void Find(string text, List<PiiMatch> found)
    {
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var m in Patterns.Url().EnumerateMatches(text))
        {
            var span = text.AsSpan(m.Index, m.Length).TrimEnd(".,;:!?");
            if (HasCredentials(span))
            {
                found.Add(new PiiMatch(PiiEntityType.UrlWithCredentials, m.Index, span.Length, 0.95));
            }
        }
    }

    private static bool HasCredentials(ReadOnlySpan<char> url)
    {
        var afterScheme = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var rest = url[afterScheme..];
        // The user information runs to the last '@' before the path: a password may hold '#', '?' or '!' (T9v!q2Lm#88x).
        var pathStart = rest.IndexOf('/');
        var at = (pathStart < 0 ? rest : rest[..pathStart]).LastIndexOf('@');

        // "https://host?mail=a@b.com": a query or fragment mark before any colon ends the host; the '@' is in the query.
        var mark = at < 0 ? -1 : rest[..at].IndexOfAny('?', '#');
        if (mark >= 0 && (rest[..at].IndexOf(':') is var colonAt && (colonAt < 0 || colonAt > mark)))
        {
            at = -1;
        }

        var hostEnd = rest[(at + 1)..].IndexOfAny('/', '?', '#');
        var authority = hostEnd < 0 ? rest : rest[..(at + 1 + hostEnd)];
        // user:password@host, or a bare token as the user (https://ghp_…@github.com); not user:password@ or user:<password>@ in docs.
        if (at > 0)
        {
            var userInfo = authority[..at];
            var colon = userInfo.IndexOf(':');
            var password = colon < 0 ? default : userInfo[(colon + 1)..];
            if (colon >= 0 && password.Length > 0)
            {
                return !Placeholders.Is(password) && !Placeholders.IsReference(password);
            }

            if (at >= 16 && userInfo.ContainsAnyInRange('0', '9'))
            {
                return true;
            }
        }

        var query = url.IndexOfAny('?', '#');
        if (query < 0)
        {
            return false;
        }

        foreach (var range in url[(query + 1)..].SplitAny('&', ';', '#'))
        {
            var pair = url[(query + 1)..][range];
            var eq = pair.IndexOf('=');
            if (eq > 0 && pair.Length - eq - 1 >= 6 && SecretParams.Contains(pair[..eq]))
            {
                return true;
            }
        }

        return false;
    }
}
