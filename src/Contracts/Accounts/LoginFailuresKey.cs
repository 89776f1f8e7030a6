using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>
/// The keys of <see cref="ILoginFailuresGrain"/>: one bucket per resolved account (its username and its email are one
/// account), one per sign-in name that matches no account, and one per client address.
/// </summary>
public static class LoginFailuresKey
{
    /// <summary>Longest sign-in name kept in a key; longer names are refused before they get here.</summary>
    public const int MaxLoginLength = 320;

    /// <summary>The bucket of a known account, whichever of its names was typed.</summary>
    public static string ForAccount(long userId) => $"account/{userId}";

    /// <summary>
    /// The bucket of a sign-in name no account has, so guessing at unknown names is throttled exactly like guessing at
    /// known ones (a different answer would tell which accounts exist). Hashed: people type passwords into the name
    /// field, and grain keys show up in logs.
    /// </summary>
    public static string ForUnknownLogin(string login) =>
        "login/" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(login.Trim().ToLowerInvariant())))[..32];

    /// <summary>
    /// The bucket of a client address. IPv6 clients are counted per /64 network: one machine usually holds a whole
    /// /64, so a bucket per address would give it billions of fresh buckets.
    /// </summary>
    public static string ForAddress(IPAddress? address)
    {
        if (address is null)
        {
            return "address/unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return $"address/{new IPAddress(bytes)}/64";
        }

        return $"address/{address}";
    }
}
