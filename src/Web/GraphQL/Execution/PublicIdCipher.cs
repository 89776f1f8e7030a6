using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>
/// Turns the store's sequential numbers (run, project, user, artifact… ids) into the tokens public ids carry, and back:
/// one AES block holding the number and eight zero bytes, under a key only the server has. Two consecutive numbers
/// give unrelated tokens, and a token not made by this key decodes to nothing (the zero bytes would not survive), so an
/// id can be neither read nor guessed. Tokens are 22 characters of base64url: no ':' (ids are split on it), and the
/// whole id stays standard base64, which clients decode (artifact ids to hex).
/// </summary>
public sealed class PublicIdCipher
{
    private const int TokenLength = 22;
    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private readonly byte[] _key;
    private readonly ThreadLocal<Aes> _aes;

    public PublicIdCipher(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < 16)
        {
            throw new ArgumentException("The public id key needs at least 16 bytes.", nameof(secret));
        }

        // A key of its own purpose, whatever the length of the configured secret.
        _key = SHA256.HashData([.. "orleans-wandb public ids\n"u8, .. secret]);
        _aes = new ThreadLocal<Aes>(() =>
        {
            var aes = Aes.Create();
            aes.Key = _key;
            return aes;
        });
    }

    /// <summary>The token for a number.</summary>
    public string Encode(long number)
    {
        Span<byte> block = stackalloc byte[16];
        block.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(block, number);
        Span<byte> sealedBlock = stackalloc byte[16];
        _aes.Value!.EncryptEcb(block, sealedBlock, PaddingMode.None);
        return Convert.ToBase64String(sealedBlock).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The number a token stands for; false for anything this key did not make.</summary>
    public bool TryDecode(ReadOnlySpan<char> token, out long number)
    {
        number = 0;
        if (token.Length != TokenLength)
        {
            return false;
        }

        Span<char> padded = stackalloc char[TokenLength + 2];
        for (var i = 0; i < TokenLength; i++)
        {
            padded[i] = token[i] switch
            {
                '-' => '+',
                '_' => '/',
                '+' or '/' or '=' => '!', // not base64url: refused below
                var c => c,
            };
        }

        // 22 characters carry 132 bits: the last one's 4 spare bits must be zero, so each number has exactly one token.
        if ((Base64Alphabet.IndexOf(padded[TokenLength - 1]) & 0xF) != 0)
        {
            return false;
        }

        padded[TokenLength] = padded[TokenLength + 1] = '=';
        Span<byte> sealedBlock = stackalloc byte[16];
        if (!Convert.TryFromBase64Chars(padded, sealedBlock, out var written) || written != 16)
        {
            return false;
        }

        Span<byte> block = stackalloc byte[16];
        _aes.Value!.DecryptEcb(sealedBlock, block, PaddingMode.None);
        if (block[8..].ContainsAnyExcept((byte)0))
        {
            return false;
        }

        number = BinaryPrimitives.ReadInt64LittleEndian(block);
        return true;
    }
}
