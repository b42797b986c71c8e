package com.reachtown.dispatcher.provider;

import java.util.Set;

/**
 * Thrown when a request names a provider that is not configured in this deployment.
 */
public class UnknownProviderException extends RuntimeException {

	private final String name;

	UnknownProviderException(String name, Set<String> configured) {
		super("must name a configured provider; '" + name + "' is not one of: " + String.join(", ", configured));
		this.name = name;
	}

	public String name() {
		return this.name;
	}

}
