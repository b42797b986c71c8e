package com.reachtown.dispatcher.forward;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.reachtown.dispatcher.config.ReachTownProperties;
import com.reachtown.dispatcher.logging.RequestIds;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Posts normalized events to reach-town. Each event is sent with
 * {@code Idempotency-Key: <event id>}, {@code X-Request-Id: <event id>},
 * {@code X-API-Key} when a key is configured, and Standard Webhooks signature headers
 * when a signing secret is configured.
 * <p>
 * A call is retried in-process by the {@code reachTown} retry and guarded by the
 * {@code reachTown} circuit breaker. The breaker sits outside the retry, so it counts one
 * outcome per event however many attempts the event took.
 */
@Component
public class ReachTownClient {

	private static final Logger LOG = LoggerFactory.getLogger(ReachTownClient.class);

	static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

	static final String API_KEY_HEADER = "X-API-Key";

	private final RestClient restClient;

	private final String apiKey;

	private final StandardWebhooksSigner signer;

	private final Retry retry;

	private final CircuitBreaker circuitBreaker;

	/**
	 * Creates the client and subscribes to the retry and circuit breaker events to log
	 * them.
	 * @param properties where reach-town is and how to authenticate to it
	 * @param restClientBuilder a builder that no other client shares
	 * @param retryRegistry the registry holding the {@code reachTown} retry
	 * @param circuitBreakerRegistry the registry holding the {@code reachTown} circuit
	 * breaker
	 */
	public ReachTownClient(ReachTownProperties properties, RestClient.Builder restClientBuilder,
			RetryRegistry retryRegistry, CircuitBreakerRegistry circuitBreakerRegistry) {
		this.restClient = restClientBuilder.baseUrl(properties.baseUrl().toString())
			.requestFactory(requestFactory(properties))
			.build();
		this.apiKey = StringUtils.hasText(properties.apiKey()) ? properties.apiKey() : null;
		this.signer = StringUtils.hasText(properties.signingSecret()) ? createSigner(properties.signingSecret()) : null;
		this.retry = retryRegistry.retry(ReachTownConfiguration.INSTANCE);
		this.circuitBreaker = circuitBreakerRegistry.circuitBreaker(ReachTownConfiguration.INSTANCE);
		ResilienceEventLogging.subscribe(this.retry, this.circuitBreaker);
	}

	/**
	 * Posts one event to reach-town, retrying in-process when the failure may pass.
	 * @param eventId the stable id of the event, sent as {@code Idempotency-Key} and
	 * {@code webhook-id} on every attempt. When requests are signed, it must not contain
	 * {@code .}
	 * @param kind which reach-town endpoint receives the event
	 * @param jsonBody the serialized event, sent byte for byte as UTF-8
	 * @throws RetryableForwardException if the last attempt timed out, failed with an I/O
	 * error, or got a 408, 429 or 5xx response, or if reach-town asked in
	 * {@code Retry-After} for a longer wait than an in-process retry makes
	 * @throws PermanentForwardException if reach-town rejected the event with another 4xx
	 * or responded with a redirect. Such a failure is not retried.
	 * @throws IllegalArgumentException if requests are signed and the event id contains
	 * {@code .}. No request is sent.
	 * @throws CallNotPermittedException if the circuit breaker is open and no request was
	 * sent
	 */
	public void forward(String eventId, EventKind kind, String jsonBody) {
		if (this.signer != null) {
			// Checked here, so that the circuit breaker does not count a bad id as a
			// failure.
			StandardWebhooksSigner.checkWebhookId(eventId);
		}

		byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);

		Runnable attempt = () -> post(eventId, kind, body);
		CircuitBreaker.decorateRunnable(this.circuitBreaker, Retry.decorateRunnable(this.retry, attempt)).run();

		LOG.debug("Forwarded {} event {} to reach-town", kind, eventId);
	}

	private void post(String eventId, EventKind kind, byte[] body) {
		ResponseOutcome outcome;
		try {
			outcome = this.restClient.post()
				.uri(kind.path())
				.contentType(MediaType.APPLICATION_JSON)
				.headers((headers) -> addHeaders(headers, eventId, body))
				.body(body)
				.exchange((request, response) -> new ResponseOutcome(response.getStatusCode(),
						response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
		}
		catch (ResourceAccessException ex) {
			throw new RetryableForwardException(eventId, -1, null,
					"Forwarding event " + eventId + " to reach-town failed: " + describe(ex), ex);
		}

		checkStatus(eventId, outcome);
	}

	private void addHeaders(HttpHeaders headers, String eventId, byte[] body) {
		headers.set(IDEMPOTENCY_KEY_HEADER, eventId);
		headers.set(RequestIds.HEADER, eventId);
		if (this.apiKey != null) {
			headers.set(API_KEY_HEADER, this.apiKey);
		}
		if (this.signer != null) {
			// Each attempt gets its own timestamp, so a retry is not taken for a replay.
			Instant now = Instant.now();
			headers.set(StandardWebhooksSigner.ID_HEADER, eventId);
			headers.set(StandardWebhooksSigner.TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()));
			headers.set(StandardWebhooksSigner.SIGNATURE_HEADER, this.signer.sign(eventId, now, body));
		}
	}

	private static void checkStatus(String eventId, ResponseOutcome outcome) {
		HttpStatusCode status = outcome.status();
		if (status.is2xxSuccessful()) {
			return;
		}

		String message = "reach-town returned " + status.value() + " for event " + eventId;
		if (isRetryable(status)) {
			throw new RetryableForwardException(eventId, status.value(),
					RetryAfter.parse(outcome.retryAfter(), Instant.now()), message, null);
		}
		throw new PermanentForwardException(eventId, status.value(), message);
	}

	/**
	 * Names the I/O error, such as {@code ConnectException} or
	 * {@code HttpTimeoutException}, whose message the JDK client often leaves empty.
	 */
	private static String describe(ResourceAccessException ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		String type = cause.getClass().getSimpleName();
		return (cause.getMessage() != null) ? type + ": " + cause.getMessage() : type;
	}

	private static boolean isRetryable(HttpStatusCode status) {
		return status.value() == 408 || status.value() == 429 || status.is5xxServerError();
	}

	private static StandardWebhooksSigner createSigner(String signingSecret) {
		try {
			return new StandardWebhooksSigner(signingSecret);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid REACH_TOWN_SIGNING_SECRET. " + ex.getMessage(), ex);
		}
	}

	private static ClientHttpRequestFactory requestFactory(ReachTownProperties properties) {
		// HTTP/1.1, because over http:// the JDK client would otherwise ask for an h2c
		// upgrade on every new connection.
		HttpClient httpClient = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(properties.readTimeout());
		return requestFactory;
	}

	/**
	 * Status and {@code Retry-After} of a response, read before the response is closed.
	 */
	private record ResponseOutcome(HttpStatusCode status, String retryAfter) {
	}

}
