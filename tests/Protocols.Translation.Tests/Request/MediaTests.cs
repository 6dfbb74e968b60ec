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

    [Fact]
    public void C10_PdfContext_LeadsTheFilePartAsText()
    {
        // C10: a file part has no place for the context; it goes as a text part, as for a text document, never lost.
        const string Pdf = "JVBERi0xLjcKMSAwIG9iago8PC9UeXBlIC9DYXRhbG9nIC9QYWdlcyAyIDAgUj4+CmVuZG9iagoyIDAgb2JqCjw8L1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDE+PgplbmRvYmoKMyAwIG9iago8PC9UeXBlIC9QYWdlIC9QYXJlbnQgMiAwIFI+PgplbmRvYmoKJSVFT0YK";
        var (context, json) = RequestCases.Translate($$"""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
              {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"{{Pdf}}"},"title":"q3.pdf","context":"Figures are in thousands of EUR"},
              {"type":"text","text":"Total revenue?"}]}]}
            """);
        var parts = json["messages"]![0]!["content"]!.AsArray();
        Assert.Equal(["text", "file", "text"], parts.Select(p => (string?)p!["type"]));
        Assert.Equal("Document: q3.pdf\nContext: Figures are in thousands of EUR", (string?)parts[0]!["text"]);
        Assert.Equal("q3.pdf", (string?)parts[1]!["file"]!["filename"]);
        Assert.False(context.Report.IsLossy);
    }
}
