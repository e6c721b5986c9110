namespace Compressor.Web.Tests;

/// <summary>Inputs for the browser tests: long enough to be compressed, with known keywords.</summary>
public static class SampleTexts
{
    public const string Travel = """
        The harbour office opens at seven in the morning and closes at six in the evening. Travellers who arrive late must wait for the next day.
        Tickets are sold at the counter beside the fish market, and the clerk accepts cash only. Prices change with the season.

        The ferry to Zanzibar leaves every Tuesday at nine. It takes about two hours when the sea is calm, and longer in the rainy months.
        Each passenger may bring one bag of at most 42 kg; heavier luggage travels on the cargo boat on Thursdays.

        The old town has narrow streets, carved wooden doors and a busy night market. Many visitors stay for a week to explore the spice farms.
        Guides can be hired at the square, and most of them speak English and Swahili. The museum is closed on Mondays.

        Weather in the dry season is hot and sunny, with light winds from the east. In April and May heavy rain can delay the boats for a day or two.
        Local buses connect the port with the beaches on the east coast, and taxis wait outside the terminal at every arrival.
        """;

    /// <summary>Markup that would run if any view rendered text as HTML; every payload sets window.__pwned.</summary>
    public const string Injection = """
        <script>window.__pwned = 'script';</script> Start of the note. <img src=x onerror="window.__pwned='img'"> The meeting moved to the blue room on the third floor.
        Please bring the signed forms and <b>bold</b> ideas. <svg onload="window.__pwned='svg'"></svg> Lunch will be served after the second session at noon.
        The projector in the blue room was repaired last week, and the cables are in the drawer. <iframe src="javascript:window.top.__pwned='iframe'"></iframe>
        Questions about travel costs go to the office manager, who answers them every Friday afternoon before the weekly report is sent.
        """;
}
