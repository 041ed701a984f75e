import DVBasics
import DVMethod
import DVToken

/// The per-perspective request and response bodies of the Open MPIC API (open-mpic-specification, API 3.x:
/// the `/dcv` and `/caa` bodies a coordinator sends each perspective, and its `CheckResponse`), so a dvtool
/// agent can stand in for an Open MPIC perspective and the other way round. Keys are Open MPIC's snake_case.
public struct MPICRequest: Sendable, Codable, Equatable {
    public var checkType: CheckType?
    public var domainOrIPTarget: String
    public var dcvCheckParameters: DCVParameters?
    public var caaCheckParameters: CAAParameters?
    public var traceIdentifier: String?

    public enum CheckType: String, Sendable, Codable { case dcv, caa }

    public struct DCVParameters: Sendable, Codable, Equatable {
        /// acme-dns-01, dns-account-01, dns-persistent, dns-change, acme-http-01, website-change.
        public var validationMethod: String
        public var keyAuthorizationHash: String?
        public var dnsNamePrefix: String?
        public var dnsRecordType: String?
        public var challengeValue: String?
        public var requireExactMatch: Bool?
        public var token: String?
        public var keyAuthorization: String?
        public var httpTokenPath: String?
        public var urlScheme: String?
        /// dns-persistent (Open MPIC's names): the CA's issuer domains and the accounturi the record must carry.
        public var issuerDomainNames: [String]?
        public var expectedAccountURI: String?
        /// dns-account-01: the ACME account URL the record's label is computed from. A dvtool extension (Open MPIC
        /// defines no dns-account-01 parameters): `_<label>._acme-challenge.<domain>` holds key_authorization_hash.
        public var accountURL: String?

        public init(validationMethod: String) { self.validationMethod = validationMethod }

        enum CodingKeys: String, CodingKey {
            case validationMethod = "validation_method", keyAuthorizationHash = "key_authorization_hash"
            case dnsNamePrefix = "dns_name_prefix", dnsRecordType = "dns_record_type", challengeValue = "challenge_value"
            case requireExactMatch = "require_exact_match", token, keyAuthorization = "key_authorization"
            case httpTokenPath = "http_token_path", urlScheme = "url_scheme"
            case issuerDomainNames = "issuer_domain_names", expectedAccountURI = "expected_account_uri"
            case accountURL = "dvtool_account_url"
        }
    }

    public struct CAAParameters: Sendable, Codable, Equatable {
        public var certificateType: String?
        public var caaDomains: [String]

        public init(caaDomains: [String]) { self.caaDomains = caaDomains; certificateType = "tls-server" }

        enum CodingKeys: String, CodingKey { case certificateType = "certificate_type", caaDomains = "caa_domains" }
    }

    public init(target: String, dcv: DCVParameters? = nil, caa: CAAParameters? = nil) {
        domainOrIPTarget = target
        dcvCheckParameters = dcv
        caaCheckParameters = caa
        checkType = dcv != nil ? .dcv : .caa
    }

    /// dcv when DCV parameters are given, else caa.
    public var kind: CheckType { checkType ?? (dcvCheckParameters != nil ? .dcv : .caa) }

    enum CodingKeys: String, CodingKey {
        case checkType = "check_type", domainOrIPTarget = "domain_or_ip_target", dcvCheckParameters = "dcv_check_parameters"
        case caaCheckParameters = "caa_check_parameters", traceIdentifier = "trace_identifier"
    }
}

public struct MPICResponse: Sendable, Codable, Equatable {
    public var perspectiveCode: String
    public var checkType: MPICRequest.CheckType
    public var checkPassed: Bool
    public var checkCompleted: Bool
    public var timestampNanoseconds: Int64
    public var errors: [MPICError]
    public var details: Details

    public struct MPICError: Sendable, Codable, Equatable {
        public var errorType: String
        public var errorMessage: String

        public init(_ type: String, _ message: String) { errorType = type; errorMessage = message }

        enum CodingKeys: String, CodingKey { case errorType = "error_type", errorMessage = "error_message" }
    }

    /// Open MPIC's per-method details: DNS `{records_seen, response_code, ad_flag, found_at, cname_chain}`,
    /// HTTP `{response_status_code, response_url, response_page}`, CAA `{caa_record_present, found_at, records_seen}`.
    public struct Details: Sendable, Codable, Equatable {
        public var recordsSeen: [String]?
        public var responseCode: Int?
        public var adFlag: Bool?
        public var foundAt: String?
        public var cnameChain: [String]?
        public var responseStatusCode: Int?
        public var responseURL: String?
        public var responsePage: String?
        public var caaRecordPresent: Bool?
        /// dns-persistent (dvtool extensions): the CA's verdict on the records this perspective saw, and the
        /// accounturi of the record it accepted, for the coordinator's "same accounturi" rule (BR 3.2.2.9).
        public var persistVerdict: String?
        public var persistAccountURI: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case recordsSeen = "records_seen", responseCode = "response_code", adFlag = "ad_flag", foundAt = "found_at"
            case cnameChain = "cname_chain", responseStatusCode = "response_status_code", responseURL = "response_url"
            case responsePage = "response_page", caaRecordPresent = "caa_record_present"
            case persistVerdict = "dvtool_persist_verdict", persistAccountURI = "dvtool_persist_accounturi"
        }
    }

    public init(perspectiveCode: String, checkType: MPICRequest.CheckType, checkPassed: Bool, errors: [MPICError],
                details: Details, timestampNanoseconds: Int64) {
        self.perspectiveCode = perspectiveCode
        self.checkType = checkType
        self.checkPassed = checkPassed
        checkCompleted = true
        self.errors = errors
        self.details = details
        self.timestampNanoseconds = timestampNanoseconds
    }

    enum CodingKeys: String, CodingKey {
        case perspectiveCode = "perspective_code", checkType = "check_type", checkPassed = "check_passed"
        case checkCompleted = "check_completed", timestampNanoseconds = "timestamp_ns", errors, details
    }
}

extension MPICRequest {
    /// A request as `dvtool mpic` states it: the check, the domain, and for dcv the method with its values; the
    /// refusal says which value the method needs.
    public init(_ check: CheckType, domain: String, method: ValidationMethod, value: String?, token: String?, prefix: String?,
                recordType: String, caaDomains: [String], accountURL: String? = nil, issuerDomains: [String] = []) throws(InvalidRequest) {
        if check == .caa {
            guard !caaDomains.isEmpty else { throw InvalidRequest("caa needs --caa-domain (e.g. letsencrypt.org)") }
            self.init(target: domain, caa: .init(caaDomains: caaDomains))
            return
        }
        if method == .dnsAccount01 || method == .dnsPersist01, accountURL == nil {
            throw InvalidRequest("\(method.rawValue) needs --account-url URL: the ACME account URL the CA returned (the client's account file)")
        }
        if let accountURL {
            do { _ = try ACMEAccountURL(accountURL) } catch { throw InvalidRequest("--account-url: \(error.description)") }
        }
        if method == .dnsPersist01 {
            guard !issuerDomains.isEmpty else { throw InvalidRequest("dns-persist-01 needs --ca: the CA whose issuer domain the record must name (e.g. letsencrypt)") }
            guard value == nil else { throw InvalidRequest("dns-persist-01 checks the standing record: --value is for challenge values") }
            var parameters = DCVParameters(validationMethod: method.openMPICName)
            parameters.issuerDomainNames = issuerDomains
            parameters.expectedAccountURI = accountURL
            self.init(target: domain, dcv: parameters)
            return
        }
        guard let value else { throw InvalidRequest("dcv needs --value (the key authorization hash, key authorization or challenge value)") }
        var parameters = DCVParameters(validationMethod: method.openMPICName)
        switch method {
        case .dns01: parameters.keyAuthorizationHash = value
        case .dnsAccount01:
            parameters.keyAuthorizationHash = value
            parameters.accountURL = accountURL
        case .dnsChange:
            parameters.dnsNamePrefix = prefix
            parameters.dnsRecordType = recordType.uppercased()
            parameters.challengeValue = value
        case .http01, .websiteChange:
            guard let token else { throw InvalidRequest("\(method.openMPICName) needs --token") }
            if method == .http01 { parameters.token = token; parameters.keyAuthorization = value }
            else { parameters.httpTokenPath = token; parameters.challengeValue = value }
        case .tlsALPN01, .dnsPersist01:
            throw InvalidRequest("--method \(method.openMPICName): mpic checks acme-dns-01, dns-account-01, dns-persist-01, dns-change, acme-http-01 or website-change")
        }
        self.init(target: domain, dcv: parameters)
    }

    /// A request `dvtool mpic` cannot make from its options; `description` is the one line a user reads.
    public struct InvalidRequest: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}

extension MPICRequest.InvalidRequest: UserFacingError {
    public var failureKind: FailureKind { .badInput }
}
