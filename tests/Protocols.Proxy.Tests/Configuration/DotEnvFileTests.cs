using Protocols.Proxy.Configuration;
using Xunit;

namespace Protocols.Proxy.Tests.Configuration;

public sealed class DotEnvFileTests
{
    [Fact]
    public void Parses_Comments_Export_Quotes_InlineComments_Crlf()
    {
        var v = DotEnvFile.Parse("# c\r\nA=1\r\nexport B = two \nC=\"x \\\"y\\\"\\nz\"\nD='# not a comment'\nE=plain # comment\n\nF=\n", ".env");
        Assert.Equal("1", v["A"]);
        Assert.Equal("two", v["B"]);
        Assert.Equal("x \"y\"\nz", v["C"]);
        Assert.Equal("# not a comment", v["D"]);
        Assert.Equal("plain", v["E"]);
        Assert.Equal(string.Empty, v["F"]);
    }

    [Fact]
    public void BadLine_NamesFileAndLine()
    {
        var e = Assert.Throws<ProxyConfigurationException>(() => DotEnvFile.Parse("A=1\nthis is wrong\n", "/x/.env"));
        Assert.StartsWith("/x/.env:2:", e.Message);
    }
}
