using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>Checklist B: images and documents (C08–C10).</summary>
public sealed class MediaTests
{
    [Fact]
    public void C08_Base64Image_BecomesImageUrlWithDataUri()
    {
        var context = RequestCases.AssertCase("C08-image-base64");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C09_UrlImage_BecomesImageUrlWithThatUrl()
    {
        var context = RequestCases.AssertCase("C09-image-url");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C10_PdfBecomesFilePartWithDataUri_TextDocumentBecomesTextPart()
    {
        var context = RequestCases.AssertCase("C10-documents");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C10_UrlPdf_Is400NamingTheBlock()
    {
        var error = Assert.Throws<TranslationException>(() => RequestCases.Translate("""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"Hi"},
              {"role":"assistant","content":"Hello"},
              {"role":"user","content":[{"type":"text","text":"Read this"},{"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}}]}]}
            """));
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.StartsWith("messages[2].content[1]: a PDF document with a URL source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void C10_UrlPdf_DroppedAndReportedWhenConfigured()
    {
        var context = RequestCases.AssertCase("C10-url-pdf-dropped", new TranslationOptions { DropUnsupportedDocuments = true });
        Assert.Equal([ConversionCodes.DocumentDropped], RequestCases.Codes(context));
    }

    [Fact]
    public void C10_UnknownImageSource_Is400NamingTheBlock()
    {
        var error = Assert.Throws<TranslationException>(() => RequestCases.Translate("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"file_1"}}]}]}
            """));
        Assert.Equal(400, error.Status);
        Assert.StartsWith("messages[0].content[0]: an image with a 'file' source", error.Message, StringComparison.Ordinal);
    }
}
