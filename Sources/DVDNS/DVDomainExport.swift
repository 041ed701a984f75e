// The DNS values live in DVDomain (no C, no NIO); they are part of this module's API, so every `import DVDNS`
// sees them too.
@_exported import DVDomain
