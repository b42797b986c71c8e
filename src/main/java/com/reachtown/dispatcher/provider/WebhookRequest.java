package com.reachtown.dispatcher.provider;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A webhook request as it arrived, with the raw body kept for signature checks.
 *
 * @param path the request path, such as {@code /v1/webhooks/status}
 * @param queryString the raw query string, or {@code null}
 * @param headers the headers, names in lower case
 * @param contentType the content type, or {@code null}
 * @param body the raw body
 */
public record WebhookRequest(String path, String queryString, Map<String, String> headers, String contentType,
		byte[] body) {

	/**
	 * Returns a header's value.
	 * @param name the header name, in any case
	 * @return the value, or {@code null} if absent
	 */
	public String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Tells whether the body is form-encoded.
	 * @return {@code true} for {@code application/x-www-form-urlencoded}
	 */
	public boolean isForm() {
		return this.contentType != null
				&& this.contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
	}

	/**
	 * Tells whether the body is JSON.
	 * @return {@code true} for {@code application/json} and {@code application/*+json}
	 */
	public boolean isJson() {
		if (this.contentType == null) {
			return false;
		}
		String type = this.contentType.toLowerCase(Locale.ROOT);
		return type.startsWith("application/json") || type.matches("application/[^;]*\\+json.*");
	}

	/**
	 * Decodes the form-encoded body as UTF-8, keeping the order of the parameters. A
	 * parameter given twice keeps its last value.
	 * @return the body's parameters, without those of the query string
	 */
	public Map<String, String> formParameters() {
		return parseForm(new String(this.body, StandardCharsets.UTF_8));
	}

	/**
	 * Decodes a form-encoded text as UTF-8, keeping the order of the parameters. A
	 * parameter given twice keeps its last value.
	 * @param form the form-encoded text
	 * @return the parameters
	 */
	public static Map<String, String> parseForm(String form) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : form.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			parameters.put(decode(name), decode(value));
		}
		return parameters;
	}

	/**
	 * Returns the body as UTF-8 text.
	 * @return the body
	 */
	public String bodyText() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/**
	 * Returns the path and the query string as they appeared in the request line.
	 * @return the path, followed by {@code ?} and the query string when there is one
	 */
	public String pathAndQuery() {
		return (this.queryString == null || this.queryString.isEmpty()) ? this.path
				: this.path + "?" + this.queryString;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "WebhookRequest[" + this.path + ", " + this.contentType + ", " + this.body.length + " bytes]";
	}

}
