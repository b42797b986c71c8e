package com.reachtown.dispatcher.support;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * reach-town's two webhook endpoints, served by WireMock on 127.0.0.1, with helpers to
 * read what the dispatcher forwarded.
 */
public final class ReachTownStub {

	public static final String INCOMING = "/api/webhooks/messages/incoming";

	public static final String STATUS = "/api/webhooks/messages/status";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	public ReachTownStub() {
		this.server.start();
		answer(200);
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public WireMockServer server() {
		return this.server;
	}

	/**
	 * Makes every forward get the given status from now on.
	 * @param status the HTTP status
	 */
	public void answer(int status) {
		this.server.resetMappings();
		this.server.stubFor(WireMock.post(WireMock.urlPathMatching("/api/webhooks/messages/.*"))
			.willReturn(WireMock.aResponse().withStatus(status)));
	}

	/**
	 * Sets the response of forwards whose body contains a text with the given status and
	 * {@code Retry-After}, while the others keep their current response.
	 * @param bodyText the text that picks the forwards
	 * @param status the HTTP status
	 * @param retryAfter the {@code Retry-After} value
	 */
	public void answer(String bodyText, int status, String retryAfter) {
		this.server.stubFor(WireMock.post(WireMock.urlPathMatching("/api/webhooks/messages/.*"))
			.atPriority(1)
			.withRequestBody(WireMock.containing(bodyText))
			.willReturn(WireMock.aResponse().withStatus(status).withHeader("Retry-After", retryAfter)));
	}

	public void reset() {
		this.server.resetAll();
		answer(200);
	}

	/**
	 * Returns the forwards reach-town accepted with a 2xx, oldest first.
	 * @param path {@link #INCOMING} or {@link #STATUS}
	 * @return the accepted requests
	 */
	public List<Forward> accepted(String path) {
		return served(path).filter((event) -> event.getResponse().getStatus() / 100 == 2)
			.sorted(Comparator.comparing((ServeEvent event) -> event.getRequest().getLoggedDate()))
			.map(Forward::of)
			.toList();
	}

	/**
	 * Returns the forwards reach-town accepted about one provider message, oldest first.
	 * @param path {@link #INCOMING} or {@link #STATUS}
	 * @param providerMessageId the forwards' {@code provider_message_id}
	 * @return the accepted requests
	 */
	public List<Forward> accepted(String path, String providerMessageId) {
		return accepted(path).stream()
			.filter((forward) -> providerMessageId.equals(forward.field("provider_message_id")))
			.toList();
	}

	/**
	 * Waits up to 15 seconds for reach-town to accept a forward about one provider
	 * message.
	 * @param path {@link #INCOMING} or {@link #STATUS}
	 * @param providerMessageId the forward's {@code provider_message_id}
	 * @return the first accepted forward
	 */
	public Forward awaitAccepted(String path, String providerMessageId) {
		Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !accepted(path, providerMessageId).isEmpty());
		return accepted(path, providerMessageId).get(0);
	}

	/**
	 * Counts every request to a path, whatever its response status.
	 * @param path {@link #INCOMING} or {@link #STATUS}
	 * @return the count
	 */
	public long requests(String path) {
		return served(path).count();
	}

	/**
	 * Counts the requests about one provider message, whatever their response status.
	 * @param path {@link #INCOMING} or {@link #STATUS}
	 * @param providerMessageId the forwards' {@code provider_message_id}
	 * @return the count
	 */
	public long requests(String path, String providerMessageId) {
		return served(path).map(Forward::of)
			.filter((forward) -> providerMessageId.equals(forward.field("provider_message_id")))
			.count();
	}

	private Stream<ServeEvent> served(String path) {
		return this.server.getAllServeEvents().stream().filter((event) -> event.getRequest().getUrl().equals(path));
	}

	public void stop() {
		this.server.stop();
	}

	/**
	 * One forwarded event as reach-town received it.
	 *
	 * @param eventId the {@code Idempotency-Key} header
	 * @param apiKey the {@code X-API-Key} header
	 * @param body the JSON body
	 */
	public record Forward(String eventId, String apiKey, JsonNode body) {

		static Forward of(ServeEvent event) {
			return new Forward(event.getRequest().getHeader("Idempotency-Key"),
					event.getRequest().getHeader("X-API-Key"), JSON.readTree(event.getRequest().getBodyAsString()));
		}

		public String field(String name) {
			JsonNode value = this.body.get(name);
			return (value == null || value.isNull()) ? null : value.asString();
		}

	}

}
