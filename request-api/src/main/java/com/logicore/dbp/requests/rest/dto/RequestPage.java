package com.logicore.dbp.requests.rest.dto;

import java.util.List;

/** One page of requests; pass {@code nextCursor} as {@code cursor} for the next page (absent on the last). */
public record RequestPage(List<RequestView> items, String nextCursor) {}
