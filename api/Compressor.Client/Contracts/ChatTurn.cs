namespace Compressor.Client.Contracts;

/// <summary>A chat message on the wire (role and text); named apart from Microsoft.Extensions.AI.ChatMessage.</summary>
public sealed record ChatTurn(string Role, string Content);
