package com.reachtown.dispatcher.config;

import java.net.URI;

/**
 * Checks of the base URLs in the configuration.
 */
public final class HttpUrls {

	private HttpUrls() {
	}

	/**
	 * Checks that a URL is absolute, uses {@code http} or {@code https} and names a host.
	 * @param variable the environment variable the URL comes from, for the message
	 * @param url the bound URL, possibly {@code null}
	 * @throws InvalidConfigurationException if the URL is missing or not such a URL
	 */
	public static void requireAbsoluteHttp(String variable, URI url) {
		if (url == null || url.toString().isBlank()) {
			throw new InvalidConfigurationException(variable,
					variable + " is missing: set it to an absolute http or https URL");
		}
		String scheme = url.getScheme();
		boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
		if (!http || url.getHost() == null) {
			throw new InvalidConfigurationException(variable, variable + "=" + url
					+ " is not an absolute http or https URL: write it like https://host.example.com[:port][/path]");
		}
	}

}
