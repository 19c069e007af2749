\builtin typeset -ga __kctx_guard_cmd
__kctx_guard_cmd=(@KCTX_GUARD_CMD@)
