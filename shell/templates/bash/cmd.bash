__kctx_guard_cmd=(@KCTX_GUARD_CMD@)
