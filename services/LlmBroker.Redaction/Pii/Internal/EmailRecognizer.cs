using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

internal sealed class EmailRecognizer : IPiiRecognizer
{
    public void Find(string text, List<PiiMatch> found)
    {
        if (!text.Contains('@'))
        {
            return;
        }

        foreach (var m in Patterns.Email().EnumerateMatches(text))
        {
            if (IsServiceLogin(text, m.Index, m.Index + m.Length) || IsMessageId(text, m.Index))
            {
                continue;
            }

            // A trailing dot belongs to the sentence.
            found.Add(new PiiMatch(PiiEntityType.Email, m.Index, m.Length, 0.9));
        }
    }

    /// <summary>
    /// The identifier of a message, not a mailbox: the value of a Message-ID, In-Reply-To or References header or log field
    /// (<c>message-id=&lt;CAF7v2@mail.gmail.com&gt;</c>, <c>Message-ID: &lt;…&gt;</c>).
    /// </summary>
    private static bool IsMessageId(string text, int start)
    {
        var i = start;
        if (i > 0 && text[i - 1] == '<')
        {
            i--;
        }

        while (i > 0 && text[i - 1] is ' ' or '\t')
        {
            i--;
        }

        if (i == 0 || text[i - 1] is not ('=' or ':'))
        {
            return false;
        }

        var keyEnd = i - 1;
        var keyStart = keyEnd;
        while (keyStart > 0 && (char.IsAsciiLetter(text[keyStart - 1]) || text[keyStart - 1] is '-' or '_') && keyEnd - keyStart < 16)
        {
            keyStart--;
        }

        var key = text.AsSpan(keyStart, keyEnd - keyStart);
        return key.Equals("message-id", StringComparison.OrdinalIgnoreCase) || key.Equals("msgid", StringComparison.OrdinalIgnoreCase)
            || key.Equals("message_id", StringComparison.OrdinalIgnoreCase) || key.Equals("in-reply-to", StringComparison.OrdinalIgnoreCase)
            || key.Equals("references", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Service logins in protocol forms, not mailboxes.</summary>
    private static readonly string[] ServiceUsers = ["git", "hg", "svn", "gitlab", "gitea", "aur", "ssh", "sftp", "scp"];

    /// <summary>
    /// A login at a host in a protocol form rather than a mailbox: an SSH/scp remote (<c>git@github.com:acme/app.git</c>,
    /// <c>deploy@build01.example.com:/srv/app</c>), the user part of an <c>ssh://</c> URL, or a well-known service account
    /// (<c>git@</c>, <c>hg@</c>). An <c>email:password</c> pair is still an email: the text after the colon holds no path.
    /// </summary>
    private static bool IsServiceLogin(string text, int start, int end)
    {
        var at = text.IndexOf('@', start, end - start);
        var user = text.AsSpan(start, at - start);
        foreach (var service in ServiceUsers)
        {
            if (user.Equals(service, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (start >= 3 && text.AsSpan(start - 3, 3).SequenceEqual("://") && start >= 6 && text.AsSpan(Math.Max(0, start - 12), Math.Min(12, start)).Contains("ssh", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (end + 1 < text.Length && text[end] == ':' && !char.IsWhiteSpace(text[end + 1]))
        {
            var tail = end + 1;
            while (tail < text.Length && !char.IsWhiteSpace(text[tail]) && text[tail] is not ',' and not ';' && tail - end < 200)
            {
                tail++;
            }

            var path = text.AsSpan(end + 1, tail - end - 1);
            return path.StartsWith('/') || path.StartsWith('~') || path.Contains(".git", StringComparison.Ordinal) || (path.Contains('/') && !path.Contains('@'));
        }

        return false;
    }
}
