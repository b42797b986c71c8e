package com.reachtown.dispatcher.forward;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.reachtown.dispatcher.config.ReachTownProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Runs the client in the application context, with the {@code reachTown} retry and
 * circuit breaker from {@code application.yml}, against a WireMock server in reach-town's
 * place. Waits and windows are shortened so that the retries and the breaker show within
 * seconds.
 */
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:forward;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
		"dispatcher.reach-town.api-key=" + ReachTownClientTests.API_KEY,
		"dispatcher.reach-town.signing-secret=" + ReachTownClientTests.SIGNING_SECRET,
		"dispatcher.reach-town.read-timeout=500ms", "resilience4j.retry.instances.reachTown.wait-duration=10ms",
		"resilience4j.circuitbreaker.instances.reachTown.sliding-window-size=4",
		"resilience4j.circuitbreaker.instances.reachTown.minimum-number-of-calls=4",
		"management.endpoint.health.show-details=always" })
@AutoConfigureMockMvc
class ReachTownClientTests {

	static final String API_KEY = "test-reach-town-key";

	static final String SIGNING_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String INCOMING_PATH = "/api/webhooks/messages/incoming";

	private static final String STATUS_PATH = "/api/webhooks/messages/status";

	private static final String INCOMING_BODY = "{\"from_phone\":\"+5511987654321\",\"message_text\":\"Olá, até já \uD83D\uDC4B\","
			+ "\"provider_message_id\":\"SM123\",\"provider\":\"twilio\",\"received_at\":\"2026-03-01T12:00:00Z\"}";

	private static final String STATUS_BODY = "{\"provider_message_id\":\"SM123\",\"status\":\"delivered\","
			+ "\"updated_at\":\"2026-03-01T12:00:05Z\"}";

	@RegisterExtension
	static WireMockExtension reachTown = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
		.build();

	@DynamicPropertySource
	static void reachTownBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("dispatcher.reach-town.base-url", () -> "http://127.0.0.1:" + reachTown.getPort());
	}

	@Autowired
	private ReachTownClient client;

	@Autowired
	private RetryRegistry retryRegistry;

	@Autowired
	private CircuitBreakerRegistry circuitBreakerRegistry;

	@Autowired
	private MockMvcTester mvc;

	private CircuitBreaker circuitBreaker;

	@BeforeEach
	void closeCircuitBreaker() {
		this.circuitBreaker = this.circuitBreakerRegistry.circuitBreaker("reachTown");
		this.circuitBreaker.reset();
	}

	@Test
	void forwardSendsHeadersAndBodyExactly() {
		reachTown.stubFor(post(INCOMING_PATH).willReturn(ok()));

		this.client.forward("evt-1", EventKind.INCOMING, INCOMING_BODY);

		List<LoggedRequest> requests = reachTown.findAll(postRequestedFor(urlEqualTo(INCOMING_PATH)));
		assertThat(requests).hasSize(1);
		LoggedRequest request = requests.get(0);
		assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(request.getHeader("X-API-Key")).isEqualTo(API_KEY);
		assertThat(request.getHeader("Idempotency-Key")).isEqualTo("evt-1");
		assertThat(request.getHeader("webhook-id")).isEqualTo("evt-1");
		assertThat(request.getBody()).isEqualTo(INCOMING_BODY.getBytes(StandardCharsets.UTF_8));
		assertValidSignature(request, "evt-1");
	}

	@Test
	void forwardPostsStatusToStatusPath() {
		reachTown.stubFor(post(STATUS_PATH).willReturn(aResponse().withStatus(204)));

		this.client.forward("evt-2", EventKind.STATUS, STATUS_BODY);

		reachTown.verify(exactly(1),
				postRequestedFor(urlEqualTo(STATUS_PATH)).withHeader("Idempotency-Key", equalTo("evt-2")));
	}

	@Test
	void forwardRetriesServerErrorsUntilSuccess() {
		stubSequence(503, 503, 200);

		this.client.forward("evt-3", EventKind.INCOMING, INCOMING_BODY);

		reachTown.verify(exactly(3), postRequestedFor(urlEqualTo(INCOMING_PATH)));
	}

	@Test
	void forwardSignsEveryRetryWithSameIdempotencyKey() {
		stubSequence(500, 502, 200);

		this.client.forward("evt-4", EventKind.INCOMING, INCOMING_BODY);

		List<LoggedRequest> requests = reachTown.findAll(postRequestedFor(urlEqualTo(INCOMING_PATH)));
		assertThat(requests).hasSize(3);
		for (LoggedRequest request : requests) {
			assertThat(request.getHeader("Idempotency-Key")).isEqualTo("evt-4");
			assertThat(request.getHeader("webhook-id")).isEqualTo("evt-4");
			assertThat(request.getBody()).isEqualTo(INCOMING_BODY.getBytes(StandardCharsets.UTF_8));
			assertValidSignature(request, "evt-4");
		}
	}

	@Test
	void forwardDoesNotRetryClientError() {
		reachTown.stubFor(post(INCOMING_PATH).willReturn(aResponse().withStatus(400)));

		assertThatExceptionOfType(PermanentForwardException.class)
			.isThrownBy(() -> this.client.forward("evt-5", EventKind.INCOMING, INCOMING_BODY))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(400))
			.satisfies((ex) -> assertThat(ex.getEventId()).isEqualTo("evt-5"));
		reachTown.verify(exactly(1), postRequestedFor(urlEqualTo(INCOMING_PATH)));
	}

	@Test
	void forwardLeavesLongRetryAfterToCaller() {
		reachTown.stubFor(post(INCOMING_PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

		assertThatExceptionOfType(RetryableForwardException.class)
			.isThrownBy(() -> this.client.forward("evt-6", EventKind.INCOMING, INCOMING_BODY))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(429))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(120)));
		reachTown.verify(exactly(1), postRequestedFor(urlEqualTo(INCOMING_PATH)));
	}

	@Test
	void forwardWaitsForShortRetryAfter() {
		reachTown.stubFor(post(INCOMING_PATH).inScenario("retry-after")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1"))
			.willSetStateTo("answered"));
		reachTown
			.stubFor(post(INCOMING_PATH).inScenario("retry-after").whenScenarioStateIs("answered").willReturn(ok()));
		long start = System.nanoTime();

		this.client.forward("evt-7", EventKind.INCOMING, INCOMING_BODY);

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		reachTown.verify(exactly(2), postRequestedFor(urlEqualTo(INCOMING_PATH)));
	}

	@Test
	void forwardRetriesReadTimeout() {
		reachTown.stubFor(post(INCOMING_PATH).willReturn(ok().withFixedDelay(1500)));

		assertThatExceptionOfType(RetryableForwardException.class)
			.isThrownBy(() -> this.client.forward("evt-8", EventKind.INCOMING, INCOMING_BODY))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(-1))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isNull())
			.withCauseInstanceOf(ResourceAccessException.class);
		reachTown.verify(exactly(3), postRequestedFor(urlEqualTo(INCOMING_PATH)));
	}

	@Test
	void forwardRetriesRefusedConnection() throws IOException {
		RetryRegistry retries = RetryRegistry.of(this.retryRegistry.retry("reachTown").getRetryConfig());
		ReachTownClient unreachable = clientFor(URI.create("http://127.0.0.1:" + closedPort()), retries);

		assertThatExceptionOfType(RetryableForwardException.class)
			.isThrownBy(() -> unreachable.forward("evt-9", EventKind.INCOMING, INCOMING_BODY))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(-1))
			.withCauseInstanceOf(ResourceAccessException.class);
		assertThat(retries.retry("reachTown").getMetrics().getNumberOfFailedCallsWithRetryAttempt()).isOne();
	}

	@Test
	void circuitBreakerOpensAfterRepeatedFailures() {
		reachTown.stubFor(post(INCOMING_PATH).willReturn(aResponse().withStatus(503)));
		for (int i = 0; i < 4; i++) {
			String eventId = "evt-10-" + i;
			assertThatExceptionOfType(RetryableForwardException.class)
				.isThrownBy(() -> this.client.forward(eventId, EventKind.INCOMING, INCOMING_BODY));
		}
		assertThat(this.circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

		assertThatExceptionOfType(CallNotPermittedException.class)
			.isThrownBy(() -> this.client.forward("evt-10-4", EventKind.INCOMING, INCOMING_BODY));

		// Four events of three attempts each, and none for the rejected call.
		reachTown.verify(exactly(12), postRequestedFor(urlEqualTo(INCOMING_PATH)));
	}

	@Test
	void circuitBreakerIgnoresClientErrors() {
		reachTown.stubFor(post(INCOMING_PATH).willReturn(aResponse().withStatus(422)));
		for (int i = 0; i < 5; i++) {
			String eventId = "evt-11-" + i;
			assertThatExceptionOfType(PermanentForwardException.class)
				.isThrownBy(() -> this.client.forward(eventId, EventKind.INCOMING, INCOMING_BODY));
		}

		assertThat(this.circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.circuitBreaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void forwardRejectsUnsignableEventId() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.forward("evt.12", EventKind.INCOMING, INCOMING_BODY))
			.withMessageContaining("evt.12");

		reachTown.verify(exactly(0), postRequestedFor(urlEqualTo(INCOMING_PATH)));
		assertThat(this.circuitBreaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void healthShowsCircuitBreakerState() {
		assertThat(this.mvc.get().uri("/health")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.components.circuitBreakers.details.reachTown.details.state")
			.isEqualTo("CLOSED");
	}

	private void stubSequence(int... statuses) {
		for (int i = 0; i < statuses.length; i++) {
			String state = (i == 0) ? Scenario.STARTED : "attempt " + (i + 1);
			reachTown.stubFor(post(INCOMING_PATH).inScenario("sequence")
				.whenScenarioStateIs(state)
				.willReturn(aResponse().withStatus(statuses[i]))
				.willSetStateTo("attempt " + (i + 2)));
		}
	}

	/**
	 * Builds a client for another base URL, with the given retries and its own circuit
	 * breaker configured like the application's {@code reachTown} breaker.
	 */
	private ReachTownClient clientFor(URI baseUrl, RetryRegistry retries) {
		ReachTownProperties properties = new ReachTownProperties(baseUrl, API_KEY, SIGNING_SECRET,
				Duration.ofSeconds(1), Duration.ofSeconds(1));
		CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry
			.of(this.circuitBreaker.getCircuitBreakerConfig());
		return new ReachTownClient(properties, RestClient.builder(), retries, circuitBreakers);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Checks the Standard Webhooks signature of a request with a plain HMAC-SHA256 of the
	 * id, timestamp and body, computed here from the known secret.
	 */
	private static void assertValidSignature(LoggedRequest request, String eventId) {
		String timestamp = request.getHeader("webhook-timestamp");
		long seconds = Long.parseLong(timestamp);
		assertThat(Instant.ofEpochSecond(seconds)).isBetween(Instant.now().minusSeconds(60), Instant.now());

		byte[] signed = (eventId + "." + timestamp + "." + new String(request.getBody(), StandardCharsets.UTF_8))
			.getBytes(StandardCharsets.UTF_8);
		assertThat(request.getHeader("webhook-signature")).isEqualTo("v1," + hmacSha256(signed));
	}

	private static String hmacSha256(byte[] data) {
		try {
			byte[] key = Base64.getDecoder().decode(SIGNING_SECRET.substring("whsec_".length()));
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(data));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
