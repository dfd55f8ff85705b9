package com.logicore.dbp.runtime.redis;

import org.redisson.api.NameMapper;

/** Stores every Redisson object (locks, buckets, maps) under one key prefix and hides the prefix from callers. */
final class KeyPrefixNameMapper implements NameMapper {

    private final String prefix;

    KeyPrefixNameMapper(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public String map(String name) {
        return prefix + name;
    }

    @Override
    public String unmap(String name) {
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
}
