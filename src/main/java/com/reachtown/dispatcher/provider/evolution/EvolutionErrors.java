package com.reachtown.dispatcher.provider.evolution;

import java.time.Duration;

import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.ProviderException.Kind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps Evolution API's error responses to {@link ProviderException}s. Evolution returns
 * errors as {@code {"status": 400, "error": "Bad Request", "response": {"message": …}}},
 * where {@code message} is text or a list; for a number that is not on WhatsApp the list
 * contains {@code {"jid", "exists": false, "number"}}, which gets the error code
 * {@code not_on_whatsapp}. Evolution has no error codes of its own, so otherwise the HTTP
 * status is the error code.
 */
final class EvolutionErrors {

	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	/**
	 * The error code of a number that has no WhatsApp account, which the provider error
	 * table maps.
	 */
	static final String NOT_ON_WHATSAPP = "not_on_whatsapp";

	private static final int MAX_DETAIL_LENGTH = 300;

	private final JsonMapper jsonMapper;

	EvolutionErrors(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Maps an error response.
	 * @param status the HTTP status, 400 or above
	 * @param body the response body, possibly empty
	 * @param retryAfter the response's {@code Retry-After}, or {@code null}
	 * @return the exception to throw
	 */
	ProviderException toProviderException(int status, String body, Duration retryAfter) {
		String detail = detail(body);
		if (status == 401 || status == 403) {
			return exception(Kind.MISCONFIGURED, status,
					"Evolution API rejected the API key (HTTP " + status + "); check EVOLUTION_API_KEY", null);
		}
		if (status == 404) {
			return exception(Kind.MISCONFIGURED, status,
					"Evolution API did not find the instance (HTTP 404: " + detail + "); check EVOLUTION_INSTANCE",
					null);
		}
		if (status == 429) {
			return exception(Kind.RATE_LIMITED, status, "Evolution API limited the request rate",
					(retryAfter != null) ? retryAfter : DEFAULT_RETRY_AFTER);
		}
		if (status >= 500) {
			return exception(Kind.UNAVAILABLE, status, "Evolution API failed with HTTP " + status + ": " + detail,
					null);
		}
		if (isNotOnWhatsApp(body)) {
			return new ProviderException(EvolutionProvider.NAME, Kind.REJECTED, NOT_ON_WHATSAPP,
					"the recipient's number is not on WhatsApp", null, null);
		}
		return exception(Kind.REJECTED, status, "Evolution API rejected the message (HTTP " + status + "): " + detail,
				null);
	}

	private boolean isNotOnWhatsApp(String body) {
		JsonNode messages = readTree(body).path("response").path("message");
		if (!messages.isArray()) {
			return false;
		}
		for (JsonNode message : messages) {
			if (message.isObject() && message.has("exists") && !message.get("exists").asBoolean()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns the {@code response.message} of an error body, else the start of the body.
	 */
	private String detail(String body) {
		JsonNode message = readTree(body).path("response").path("message");
		String detail = message.isMissingNode() ? body : (message.isString() ? message.asString() : message.toString());
		if (detail == null || detail.isBlank()) {
			return "no details";
		}
		return (detail.length() > MAX_DETAIL_LENGTH) ? detail.substring(0, MAX_DETAIL_LENGTH) + "…" : detail;
	}

	private JsonNode readTree(String body) {
		try {
			JsonNode tree = (body == null || body.isBlank()) ? null : this.jsonMapper.readTree(body);
			return (tree != null) ? tree : this.jsonMapper.missingNode();
		}
		catch (JacksonException ex) {
			return this.jsonMapper.missingNode();
		}
	}

	private static ProviderException exception(Kind kind, int status, String message, Duration retryAfter) {
		return new ProviderException(EvolutionProvider.NAME, kind, Integer.toString(status), message, retryAfter, null);
	}

}
