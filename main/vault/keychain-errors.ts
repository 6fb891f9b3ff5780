/**
 * keytar reports "no usable keychain" as plain Errors with libsecret/D-Bus text. These are the messages we
 * have seen from libsecret over D-Bus (no bus, no Secret Service, keyring never unlocked, keyring locked); matching them is the one place we read error text,
 * because keytar gives no codes. Everything else is a real failure and is rethrown as is.
 */
const NO_KEYCHAIN_PATTERNS: readonly RegExp[] = [
  /Cannot autolaunch D-Bus without X11 \$DISPLAY/i, // no session bus
  /org\.freedesktop\.secrets was not provided by any \.service files/i, // bus, but no Secret Service
  /Object does not exist at path .*\/org\/freedesktop\/secrets\/collection\//i, // keyring never created/unlocked
  /Cannot create an item in a locked collection/i, // locked keyring
  /Could not connect: No such file or directory/i, // DBUS_SESSION_BUS_ADDRESS points at nothing
  /Failed to connect to socket/i,
  /The name .* was not provided by any \.service files/i,
];

export function isNoKeychainMessage(message: string): boolean {
  return NO_KEYCHAIN_PATTERNS.some((pattern) => pattern.test(message));
}
