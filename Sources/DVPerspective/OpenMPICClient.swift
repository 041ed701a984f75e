import DVProcess
import DVSocket
import FoundationEssentials

/// A client of an Open MPIC deployment (`POST /mpic`, open-mpic-specification 3.x): the request goes with the
/// deployment's `orchestration_parameters` left to it; each perspective of its answer becomes a remote row.
/// curl does the HTTPS (certificate checks, proxies, HTTP/2): a well-kept client rather than one written here.
struct OpenMPICClient: Sendable {
    let deployment: PerspectiveConfig.Deployment
    let timeout: TimeInterval
    let environment: [String: String]

    func ask(_ request: MPICRequest) async -> [PerspectiveResult] {
        // The per-perspective body is the coordinator's body too (check_type, domain_or_ip_target, parameters).
        var body = request
        body.checkType = request.kind
        guard let json = try? JSONEncoder().encode(body) else { return [failure("the request could not be encoded")] }
        var command = ["curl", "-sS", "--max-time", "\(Int(timeout))", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-"]
        if let variable = deployment.keyVariable {
            guard let key = environment[variable], !key.isEmpty else { return [failure("the API key variable \(variable) is not set")] }
            command += ["-H", "x-api-key: \(key)"]
        }
        if let caFile = deployment.caFile { command += ["--cacert", caFile] }
        command.append(deployment.url)
        let (arguments, limit) = (command, timeout + 5)
        let output = await runOnThread { ProcessRunner().run(arguments, input: Array(json), timeout: limit) }
        guard output.succeeded else {
            return [failure(output.timedOut ? "no answer within \(Int(timeout)) s" : "curl failed (exit \(output.status)): \(output.stderr.prefix(200))")]
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(output.stdout.utf8)) else {
            return [failure("the answer is not an Open MPIC response: \(output.stdout.prefix(200))")]
        }
        return answer.perspectives.map { perspective in
            let passed = perspective.checkResponse.checkPassed
            return PerspectiveResult(code: perspective.perspectiveCode, rir: Self.registry(ofRegion: perspective.perspectiveCode), asked: true,
                                     passed: passed, detail: passed ? "passed" : (perspective.checkResponse.errors?.first?.errorMessage ?? "failed")
                                         + " (via \(deployment.url))")
        }
    }

    /// The parts of an Open MPIC `MpicResponse` a row needs.
    struct Answer: Decodable {
        struct Perspective: Decodable {
            struct CheckResponse: Decodable {
                var checkPassed: Bool
                var errors: [MPICResponse.MPICError]?
                enum CodingKeys: String, CodingKey { case checkPassed = "check_passed", errors }
            }
            var perspectiveCode: String
            var checkResponse: CheckResponse
            enum CodingKeys: String, CodingKey { case perspectiveCode = "perspective_code", checkResponse = "check_response" }
        }
        var perspectives: [Perspective]
    }

    private func failure(_ why: String) -> PerspectiveResult {
        PerspectiveResult(code: deployment.url, rir: "-", asked: true, passed: false, detail: "Open MPIC deployment: \(why)")
    }

    /// Open MPIC's answers name regions (AWS codes such as `us-east-2`), not registries: the region's continent
    /// gives the RIR (ARIN for North America, RIPE for Europe and the Middle East, APNIC for Asia-Pacific, LACNIC
    /// for South America, AFRINIC for Africa).
    static func registry(ofRegion code: String) -> String {
        switch code.split(separator: "-").first.map(String.init) ?? "" {
        case "us", "ca": "ARIN"
        case "eu", "me", "il": "RIPE"
        case "ap", "cn": "APNIC"
        case "sa", "mx": "LACNIC"
        case "af": "AFRINIC"
        default: "-"
        }
    }
}
