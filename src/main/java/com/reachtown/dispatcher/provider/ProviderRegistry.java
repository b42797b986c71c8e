package com.reachtown.dispatcher.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The providers that are configured in this deployment, by name, and the default one.
 */
public class ProviderRegistry {

	private final Map<String, MessagingProvider> providers = new TreeMap<>();

	private final MessagingProvider defaultProvider;

	/**
	 * Creates the registry.
	 * @param providers the configured adapters
	 * @param defaultName the name of the default provider
	 * @throws IllegalStateException if no configured adapter has the default name
	 */
	public ProviderRegistry(List<MessagingProvider> providers, String defaultName) {
		providers.forEach((provider) -> this.providers.put(provider.name(), provider));
		this.defaultProvider = this.providers.get(defaultName);
		if (this.defaultProvider == null) {
			throw new IllegalStateException("DISPATCHER_PROVIDER=" + defaultName + " is not a configured provider;"
					+ " configured: " + this.providers.keySet());
		}
	}

	/**
	 * Returns the provider with the given name, or the default one when the name is
	 * {@code null}.
	 * @param name a provider name, or {@code null}
	 * @return the provider
	 * @throws UnknownProviderException if no configured provider has that name
	 */
	public MessagingProvider get(String name) {
		if (name == null) {
			return this.defaultProvider;
		}
		return find(name).orElseThrow(() -> new UnknownProviderException(name, this.providers.keySet()));
	}

	public Optional<MessagingProvider> find(String name) {
		return Optional.ofNullable(this.providers.get(name));
	}

	public MessagingProvider defaultProvider() {
		return this.defaultProvider;
	}

	public Collection<MessagingProvider> all() {
		return this.providers.values();
	}

}
