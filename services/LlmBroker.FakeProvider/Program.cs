namespace LlmBroker.FakeProvider; internal static class Program { private static void Main() { } }
